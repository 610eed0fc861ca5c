"""markup.py - XSS payloads through every HTML output and header
injection through every header a member can influence.

HTML: 300 payloads (tests/data/wiki/xss-payloads.txt, each as written,
with its tags in upper case, and inside a Markdown-style link) go into
the Subject, the From name and the body of posts, into wiki page titles
and texts, and into quiz questions, choices and feedback.  Then: every
outgoing message's text/html part (post copies, the weekly digest, wiki
page mails, quiz question mails) and every file of `stoa wiki build` is
parsed with html.parser; so are `stoa report` in HTML and JSON (the same
payloads as the list title, quiz topics, badge slugs and quoted
reflection answers) and every file of `stoa site build` (htmlcheck.py).
Executable markup is a <script>, <iframe>, <object>, <embed>, <frame>,
<base>, <form> or <svg>/<math> element (the report's own charts aside),
an on* attribute, or a URL attribute (href, src, action, formaction,
xlink:href, background, poster) whose scheme is not http, https or
mailto.

Headers: 200 payloads (CR, LF, CRLF, encoded CR/LF, NUL, folding, header
lines Bcc: and X-Injected:) go into Subjects, From names, member names,
list titles and wiki titles.  Every outgoing message is parsed with the
email module (policy.default): no header may be named X-Injected or Bcc,
no header may occur more often than in a clean message, no header value
may hold CR or LF, and the parse must find no defect.

usage: python3 markup.py
"""
import collections
import datetime
import email
import email.policy
import os
import sqlite3
import subprocess
import sys

import tt
from htmlcheck import file_bad, html_bad

HERE = os.path.dirname(os.path.abspath(sys.argv[0]))
XSS_FILE = os.path.join(HERE, '..', 'data', 'wiki', 'xss-payloads.txt')
def xss_payloads():
    base = [l.rstrip('\n') for l in open(XSS_FILE) if l.strip()]
    out = []
    for p in base:
        out += [p, p.replace('script', 'SCRIPT').replace('img', 'IMG'),
                '[click](%s) <a href="javascript:alert(1)">%s</a>' % (p, p)]
    return out[:300]


def header_payloads():
    seps = ['\r\n', '\n', '\r', '\r\n ', '=0D=0A', '%0d%0a', '\\r\\n',
            '\x00']
    tails = ['Bcc: victim@attacker.example', 'X-Injected: 1',
             'X-Injected:1', 'bcc:victim@attacker.example',
             'X-Injected: 1\r\n\r\n<script>alert(1)</script>']
    heads = ['Hello', '=?utf-8?q?Hi', '"Quoted', 'x' * 990, 'Ünïcode']
    out = []
    for h in heads:
        for s in seps:
            for t in tails:
                out.append(h + s + t)
    return out[:200]


def post(i, p, sender='ben@example.com'):
    name = p.replace('\n', ' ')[:200]
    return ('From: "%s" <%s>\nTo: learn@learn.example\nSubject: Q%d %s\n'
            'Message-ID: <x%d@example.com>\nContent-Type: text/plain; '
            'charset=utf-8\n\n%s\n\nsee [docs](javascript:alert(%d))\n'
            % (name.replace('"', "'"), sender, i, name, i, p, i)
            ).encode('utf-8', 'surrogateescape')


def gift_escape(p):
    q = p.replace('\\', '\\\\').replace('->', '- >')  # no matching
    for c in '{}=~#:':
        q = q.replace(c, '\\' + c)  # GIFT escapes
    return q


def gift(payloads):
    """One question per payload; the first six questions' texts also hold
    50 payloads each, because a week of passes mails only the first few
    questions."""
    out = []
    for i, p in enumerate(payloads):
        q = gift_escape(p)
        text = q
        if i < 6:
            text = ' | '.join(gift_escape(x) for x in payloads[50 * i:50 * i + 50])
        out.append('::q%d:: Question %d %s {\n=right %s #good %s\n'
                   '~wrong %s #bad %s\n}\n' % (i, i, text, q, q, q, q))
    return '\n'.join(out)


def setup(xss, hdr):
    d = tt.instance()
    tt.st(d, 'member', 'add', 'learn', 'dana@example.com', '--name',
          'Dana', '--delivery', 'digest')
    for i, p in enumerate(xss + hdr):
        tt.hook(d, 'learn@learn.example', 'ben@example.com', post(i, p))
        wiki = ('From: Ben <ben@example.com>\nSubject: W%d %s\n'
                'Message-ID: <w%d@example.com>\n\n= W%d %s =\n%s\n'
                % (i, p, i, i, p, p)).encode('utf-8', 'surrogateescape')
        tt.hook(d, 'learn+wiki@learn.example', 'ben@example.com', wiki)
    refused = 0
    for i, p in enumerate(hdr):
        p = p.replace('\x00', '')  # argv cannot hold NUL
        r1 = tt.run(d, 'stoa', ['list', 'create', 'h%d' % i, '--title', p])
        r2 = tt.run(d, 'stoa', ['member', 'add', 'learn',
                                'h%d@example.com' % i, '--name', p])
        refused += (r1.returncode != 0) + (r2.returncode != 0)
    with open(os.path.join(d, 'bank.gift'), 'w') as f:
        f.write(gift(xss))
    quiz = [tt.run(d, 'stoa', ['quiz', 'import', 'learn', 'bank.gift']),
            tt.run(d, 'stoa', ['quiz', 'enable', 'learn'])]
    return d, refused, [q.returncode for q in quiz]


def read_pages(d, n):
    for i in range(n):
        tt.hook(d, 'learn+wiki@learn.example', 'ana@example.com',
                ('From: Ana <ana@example.com>\nSubject: W%d\nMessage-ID: '
                 '<r%d@example.com>\n\n' % (i, i)).encode())


def passes(d):
    for now in ('2026-01-05T10:00:00Z', '2026-01-07T09:00:00Z',
                '2026-01-09T09:00:00Z', '2026-01-11T08:59:00Z',
                '2026-01-12T09:00:00Z', '2026-01-12T10:00:00Z'):
        tt.run(d, 'stoa-digest', ['run', '--now', now], timeout=600)


def check_mail(d, clean_max):
    kinds, bad_html, bad_hdr, nhtml = collections.Counter(), [], [], 0
    for kind, body in tt.q(d, 'select kind, body from outbox_full'):
        kinds[kind] += 1
        m = email.message_from_bytes(body, policy=email.policy.default)
        names = collections.Counter(k.lower() for k in m.keys())
        for k in ('x-injected', 'bcc'):
            if names[k]:
                bad_hdr.append('%s: header %s' % (kind, k))
        for k, n in names.items():
            if n > clean_max.get(k, 1):
                bad_hdr.append('%s: %s x%d' % (kind, k, n))
        for k, v in m.items():
            if '\r' in str(v) or '\n' in str(v):
                bad_hdr.append('%s: CR/LF in %s' % (kind, k))
        if m.defects:
            bad_hdr.append('%s: defects %s' % (kind, m.defects[:2]))
        for part in m.walk():
            if part.get_content_type() == 'text/html':
                nhtml += 1
                for b in html_bad(part.get_content()):
                    bad_html.append('%s: %s' % (kind, b))
    return kinds, nhtml, bad_html, bad_hdr


def check_site(d):
    site = os.path.join(d, 'site')
    r = tt.run(d, 'stoa', ['wiki', 'build', 'site'])
    if r.returncode != 0:
        return 0, ['wiki build exit %d' % r.returncode]
    n, bad = 0, []
    for root, _, files in os.walk(site):
        for f in files:
            if f.endswith('.html'):
                n += 1
                bad += ['site %s: %s' % (f, b) for b in
                        html_bad(open(os.path.join(root, f),
                                      encoding='utf-8').read())]
    return n, bad


def sql(d, stmts):
    """Run and commit (statement, args) pairs on d's database."""
    c = sqlite3.connect(os.path.join(d, 'stoa.db'), timeout=30)
    try:
        for stmt, args in stmts:
            c.execute(stmt, args)
        c.commit()
    finally:
        c.close()


def report_payloads(d, xss):
    """Payloads where the report shows text: the list title, quiz topics,
    badge slugs, and reflection answers that may be quoted (three a day,
    so each day's report quotes three)."""
    lid = tt.q(d, "select id from lists where name = 'learn'")[0][0]
    stmts = [('update lists set title = ? where id = ?', (xss[0], lid))]
    vers = [r[0] for r in tt.q(d, 'select id from quiz_versions')]
    for i, v in enumerate(vers):
        stmts.append(('update quiz_versions set topic = ? where id = ?',
                      (xss[i % len(xss)], v)))
    for i, p in enumerate(xss):
        day = (datetime.date(2026, 2, 1) +
               datetime.timedelta(days=i // 3)).isoformat()
        stmts += [
            ("insert into events(at, list_id, member_id, kind, object_id,"
             " detail) values ('2026-01-05T10:00:00Z', ?, 2, 'badge.award',"
             " ?, ?)", (lid, 1000 + i, p)),
            ("insert into prompts(id, kind, member_id, list_id, sent_at,"
             " replied_at, answer) values (?, 'question', 2, ?, ?, ?, ?)",
             (100000 + i, lid, day + 'T09:00:00Z', day + 'T10:00:00Z',
              'quote ok\n' + p)),
            ("insert into events(at, list_id, member_id, kind, object_id)"
             " values (?, ?, 2, 'reflect.answer', ?)",
             (day + 'T10:0%d:00Z' % (i % 3), lid, 100000 + i))]
    sql(d, stmts)
    return sorted({r[0][:10] for r in tt.q(
        d, "select at from events where kind = 'reflect.answer'")})


def badge_payloads(d, xss):
    """Each payload as a badge (an unknown slug is shown as it is) of a
    member of learn, for the archive's badge page."""
    lid = tt.q(d, "select id from lists where name = 'learn'")[0][0]
    mids = [r[0] for r in tt.q(
        d, 'select member_id from memberships where list_id = %d' % lid)]
    sql(d, [("insert or ignore into badge_awards(list_id, member_id, badge,"
             " awarded_at, salt) values (?, ?, ?, '2026-01-05T10:00:00Z',"
             " 's')", (lid, mids[i % len(mids)], p))
            for i, p in enumerate(xss)])


def check_report(d, xss):
    """The report in HTML (charts allowed) and JSON for January and for
    each day of quoted answers; then the archive."""
    days = report_payloads(d, xss)
    n, bad = 0, []
    for a, b in [('2026-01-01', '2026-01-31')] + [(x, x) for x in days]:
        for fmt in ('html', 'json'):
            r = tt.run(d, 'stoa', ['report', 'learn', '--from', a, '--to', b,
                                   '--format', fmt])
            out = r.stdout.decode('utf-8', 'replace')
            n += 1
            if r.returncode != 0:
                bad.append('report %s %s: exit %d' % (a, fmt, r.returncode))
            elif fmt == 'html':
                bad += ['report %s: %s' % (a, x) for x in html_bad(out, True)]
            elif '<' in out or '>' in out:
                bad.append('report %s json: raw < or >' % a)
    badge_payloads(d, xss)
    r = tt.run(d, 'stoa', ['site', 'build', 'archive'], timeout=600)
    if r.returncode != 0:
        return n, 0, bad + ['site build exit %d' % r.returncode]
    files = []
    for root, _, fs in os.walk(os.path.join(d, 'archive')):
        files += [os.path.join(root, f) for f in fs
                  if f.endswith(('.html', '.json'))]
    for f in files:
        bad += ['archive %s: %s' % (os.path.basename(f), x)
                for x in file_bad(f)]
    return n, len(files), bad


def clean_counts():
    d = tt.instance()
    tt.hook(d, 'learn@learn.example', 'ben@example.com', post(0, 'hello'))
    tt.run(d, 'stoa-digest', ['run'])
    m = email.message_from_bytes(tt.q(d, 'select body from outbox_full')[0][0],
                                 policy=email.policy.default)
    tt.rm(d)
    c = collections.Counter(k.lower() for k in m.keys())
    c['received'] = c['dkim-signature'] = 99
    return c


def main():
    xss, hdr = xss_payloads(), header_payloads()
    clean = clean_counts()
    d, refused, quiz = setup(xss, hdr)
    read_pages(d, len(xss))
    passes(d)
    kinds, nhtml, bad_html, bad_hdr = check_mail(d, clean)
    nsite, bad_site = check_site(d)
    nrep, narch, bad_rep = check_report(d, xss)
    bad_site += bad_rep
    qsent = tt.q(d, 'select count(distinct question_id), count(distinct '
                    'case when question_id <= 6 then question_id end) '
                    'from quiz_sends')
    print('markup: %d XSS payloads, %d header payloads; outgoing %s; '
          '%d HTML parts and %d wiki build files parsed; quiz import/enable '
          'exit %s, %d questions mailed (%d of the 6 that hold 50 payloads '
          'each); %d titles or names refused'
          % (len(xss), len(hdr), dict(kinds), nhtml, nsite, quiz,
             qsent[0][0], qsent[0][1], refused))
    print('markup: %d reports (HTML and JSON) and %d archive files parsed'
          % (nrep, narch))
    print('markup: executable markup %d, injected headers %d'
          % (len(bad_html) + len(bad_site), len(bad_hdr)))
    for b in (bad_html + bad_site + bad_hdr)[:20]:
        print('  FAIL', b)
    tt.rm(d)
    return 1 if bad_html or bad_site or bad_hdr else 0


sys.exit(main())
