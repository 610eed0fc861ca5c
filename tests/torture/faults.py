"""faults.py - the hook and the sender under resource faults.

Each fault is set up on a fresh instance, a member's post is delivered
while it lasts (and `stoa-digest run` tried with copies waiting), then
the fault is removed and delivery repeated until exit 0, as Postfix
does.  Goal: while the fault lasts the hook exits 75 (or 0 having
stored the post: a fault it does not touch), never anything else; then
the post is stored exactly once, not quarantined; the sender exits 0 or
75, marks no row failed, and afterwards delivers every waiting copy.

Faults: disk full (a 3 MB tmpfs, filled), the database write-locked by
another process for LOCK_SECONDS (default 60), a read-only file system
(tmpfs remounted ro), a missing templates directory, address space cut
with ulimit -v, and every allocation of a run failing in turn
(XMEM_FAIL_AT, debug build).  Mounting needs root: those faults are
skipped otherwise.

usage: python3 faults.py [LOCK_SECONDS]
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import tt

POST = (b'From: Ben Berg <ben@example.com>\nTo: learn@learn.example\n'
        b'Subject: under a fault\nMessage-ID: <fault1@example.com>\n\n'
        b'Does this survive?\n')
BIG = POST.replace(b'Does', b'x' * 4000000 + b'\nDoes')
ROOT = os.geteuid() == 0


def waiting(d):
    """An instance with two posts whose copies wait in the outbox."""
    for i in (1, 2):
        tt.hook(d, 'learn@learn.example', 'ana@example.com',
                POST.replace(b'fault1', b'wait%d' % i))


def stored(d):
    return tt.q(d, "select status, count(*) from messages where "
                   "message_id = 'fault1@example.com' group by 1")


def after(d, name, codes, sender_codes, bad, msg=POST):
    """Remove-the-fault half: redeliver, drain, check."""
    for _ in range(10):
        r = tt.hook(d, 'learn@learn.example', 'ben@example.com', msg)
        if r.returncode == 0:
            break
    s = stored(d)
    if s != [('posted', 1)]:
        bad.append('%s: after the fault the post is %s' % (name, s))
    r = tt.run(d, 'stoa-digest', ['run'])
    left = tt.q(d, "select state, count(*) from outbox where state != "
                   "'sent' group by 1")
    if r.returncode != 0 or left:
        bad.append('%s: sender after the fault exit %d, rows %s'
                   % (name, r.returncode, left))
    bad += ['%s: hook exit %d during the fault' % (name, c)
            for c in codes if c not in (0, 75)]
    bad += ['%s: sender exit %d during the fault' % (name, c)
            for c in sender_codes if c not in (0, 75)]
    print('faults: %-16s hook %s, sender %s, then %s'
          % (name, codes, sender_codes, s), flush=True)


def during(d, msg=POST, env=None, pre=None):
    h = tt.run(d, 'stoa-hook', ['--recipient', 'learn@learn.example',
                                '--sender', 'ben@example.com'], stdin=msg,
               env=env) if pre is None else pre(msg)
    g = tt.run(d, 'stoa-digest', ['run'], env=env)
    return [h.returncode], [g.returncode]


def mounted(base, size):
    """A copy of base with waiting copies on a new tmpfs; (mount, dir)."""
    m = tempfile.mkdtemp(prefix='stoa-torture-mnt-')
    subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=%s' % size,
                    'tmpfs', m], check=True)
    d = os.path.join(m, 'i')
    shutil.copytree(base, d)
    waiting(d)
    return m, d


def umount(m):
    subprocess.run(['umount', m])
    os.rmdir(m)


def disk_full(base, bad):
    m, d = mounted(base, '3m')
    filler = os.path.join(m, 'filler')
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b'\0' * 512)
    except OSError:
        os.close(fd)
    codes, sc = during(d)
    os.unlink(filler)
    after(d, 'disk full', codes, sc, bad)
    umount(m)


def locked(base, bad, seconds):
    d = tt.clone(base)
    waiting(d)
    ready = threading.Event()

    def hold():
        c = sqlite3.connect(os.path.join(d, 'stoa.db'), isolation_level=None)
        c.execute('BEGIN IMMEDIATE')
        ready.set()
        time.sleep(seconds)
        c.execute('ROLLBACK')
        c.close()
    t = threading.Thread(target=hold)
    t.start()
    ready.wait()
    codes, sc = [], []
    end = time.time() + seconds - 8  # each try waits busy_timeout_ms
    while time.time() < end:
        c, s = during(d)
        codes += c
        sc += s
    t.join()
    after(d, 'locked %ds' % seconds, sorted(set(codes)), sorted(set(sc)), bad)
    tt.rm(d)


def read_only(base, bad):
    m, d = mounted(base, '20m')
    tt.run(d, 'stoa', ['list', 'show'])  # checkpoint, close
    subprocess.run(['mount', '-o', 'remount,ro', m], check=True)
    codes, sc = during(d)
    subprocess.run(['mount', '-o', 'remount,rw', m], check=True)
    after(d, 'read-only fs', codes, sc, bad)
    umount(m)


def no_templates(base, bad):
    d = tt.clone(base)
    waiting(d)
    tt.conf(d, templates=os.path.join(d, 'gone'))
    codes, sc = during(d)
    # a stranger's post needs a notice: a template
    r = tt.hook(d, 'learn@learn.example', 'eve@example.org',
                POST.replace(b'ben@example.com', b'eve@example.org')
                .replace(b'fault1', b'eve1'))
    codes.append(r.returncode)
    tt.conf(d)
    after(d, 'no templates', codes, sc, bad)
    tt.rm(d)


def ulimit(base, bad):
    d = tt.clone(base)
    waiting(d)
    codes, sc = [], []
    for kb in (20000, 40000, 80000):
        def limited(msg, kb=kb):
            return subprocess.run(
                ['sh', '-c', 'ulimit -v %d; exec "$0" "$@"' % kb,
                 os.path.join(tt.B, 'stoa-hook'), '-c', 'stoa.conf',
                 '--recipient', 'learn@learn.example', '--sender',
                 'ben@example.com'], cwd=d, input=msg, env=tt.ENV,
                capture_output=True)
        c, s = during(d, BIG, pre=limited)
        codes += c
    after(d, 'ulimit -v', codes, sc, bad, BIG)
    tt.rm(d)


def xmem(base, bad):
    """XMEM_FAIL_AT=N for N = 1 .. the allocations of one run."""
    n, codes = 0, set()
    while True:
        n += 1
        d = tt.clone(base)
        r = tt.hook(d, 'learn@learn.example', 'ben@example.com', POST,
                    env={'XMEM_FAIL_AT': str(n)})
        codes.add(r.returncode)
        if r.returncode != 0:
            after_quiet(d, n, r.returncode, bad)
        tt.rm(d)
        if r.returncode == 0 and n > 1:
            break
    print('faults: allocation failure at each of %d allocations: hook exits '
          '%s, post then stored once each time' % (n - 1, sorted(codes)))


def after_quiet(d, n, code, bad):
    if code != 75:
        bad.append('XMEM_FAIL_AT=%d: exit %d' % (n, code))
    r = tt.hook(d, 'learn@learn.example', 'ben@example.com', POST)
    if r.returncode != 0 or stored(d) != [('posted', 1)]:
        bad.append('XMEM_FAIL_AT=%d: then %s' % (n, stored(d)))


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    base = tt.instance()
    bad = []
    if ROOT:
        disk_full(base, bad)
        read_only(base, bad)
    else:
        print('faults: not root: disk full and read-only skipped')
    no_templates(base, bad)
    ulimit(base, bad)
    xmem(base, bad)
    locked(base, bad, seconds)
    tt.rm(base)
    print('faults: %d failures' % len(bad))
    for b in bad[:20]:
        print('  FAIL', b)
    return 1 if bad else 0


sys.exit(main())
