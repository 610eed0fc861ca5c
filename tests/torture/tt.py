"""tt.py - shared helpers for the torture scripts (tests/torture/*.py).

An instance is a directory holding stoa.conf, stoa.db, secret and a
Maildir outbound (mail/).  Programs come from $STOA_BUILD (a debug build:
make torture builds build/debug with -DSTOA_DEBUG), templates from
$STOA_TEMPLATES.  The clock is fixed with STOA_NOW, so runs repeat.
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile

B = os.path.abspath(os.environ.get('STOA_BUILD', 'build/debug'))
TEMPLATES = os.path.abspath(os.environ.get('STOA_TEMPLATES', 'templates'))
NOW = '2026-01-05T10:00:00Z'
ENV = dict(os.environ, STOA_NOW=NOW)
ENV.pop('STOA_FAIL_AT', None)
ENV.pop('XMEM_FAIL_AT', None)


def conf(d, database='stoa.db', templates=TEMPLATES, outbound='maildir:mail'):
    with open(os.path.join(d, 'stoa.conf'), 'w') as f:
        f.write('database = %s\ndomain = learn.example\noutbound = %s\n'
                'secret_file = secret\ntemplates = %s\ntimezone = UTC\n'
                'site_name = Stoa Test\n' % (database, outbound, templates))


def run(d, prog, args, stdin=None, env=None, timeout=120):
    """Run build/PROG -c stoa.conf ARGS in d; the CompletedProcess."""
    e = dict(ENV)
    e.update(env or {})
    return subprocess.run([os.path.join(B, prog), '-c', 'stoa.conf'] + args,
                          cwd=d, input=stdin, env=e, capture_output=True,
                          timeout=timeout)


def st(d, *args):
    r = run(d, 'stoa', list(args))
    if r.returncode != 0:
        raise SystemExit('stoa %s: %s' % (' '.join(args), r.stderr.decode()))
    return r


def hook(d, rcpt, sender, msg, env=None):
    return run(d, 'stoa-hook', ['--recipient', rcpt, '--sender', sender],
               stdin=msg, env=env)


def instance(base=None):
    """A new instance: lists learn and other; ana (owner), ben, cleo
    (moderator) in learn; ana and ben in other."""
    d = tempfile.mkdtemp(prefix='stoa-torture-', dir=base)
    conf(d)
    st(d, 'init')
    st(d, 'list', 'create', 'learn', '--title', 'Learning together')
    st(d, 'list', 'create', 'other')
    st(d, 'member', 'add', 'learn', 'ana@example.com', '--name', 'Ana Lima',
       '--role', 'owner')
    st(d, 'member', 'add', 'learn', 'ben@example.com', '--name', 'Ben Berg')
    st(d, 'member', 'add', 'learn', 'cleo@example.com', '--name', 'Cleo',
       '--role', 'moderator')
    st(d, 'member', 'add', 'other', 'ana@example.com')
    st(d, 'member', 'add', 'other', 'ben@example.com')
    return d


def clone(src):
    """A copy of instance src (its database must be closed)."""
    d = tempfile.mkdtemp(prefix='stoa-torture-')
    shutil.rmtree(d)
    shutil.copytree(src, d, symlinks=True)
    return d


def q(d, sql, args=()):
    c = sqlite3.connect(os.path.join(d, 'stoa.db'), timeout=30)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def tables(d):
    return [r[0] for r in q(d, "select name from sqlite_master where "
                               "type = 'table' and name not like 'sqlite_%' "
                               "order by name")]


def dump(d, skip=()):
    """Every table's rows, sorted, as {table: [row, ...]}."""
    c = sqlite3.connect(os.path.join(d, 'stoa.db'), timeout=30)
    out = {}
    try:
        for t in tables(d):
            if t not in skip:
                out[t] = sorted(c.execute('select * from "%s"' % t).fetchall(),
                                key=repr)
    finally:
        c.close()
    return out


def maildir_files(d):
    """[(recipient dir, path)] of every delivered mail under d/mail."""
    out = []
    root = os.path.join(d, 'mail')
    if not os.path.isdir(root):
        return out
    for rcpt in sorted(os.listdir(root)):
        for sub in ('new', 'cur'):
            p = os.path.join(root, rcpt, sub)
            if os.path.isdir(p):
                out += [(rcpt, os.path.join(p, f)) for f in sorted(os.listdir(p))]
    return out


def rm(d):
    shutil.rmtree(d, ignore_errors=True)
