"""markup.py - XSS payloads through every HTML output and header
injection through every header a member can influence.

HTML: 300 payloads (tests/data/wiki/xss-payloads.txt, each as written,
with its tags in upper case, and inside a Markdown-style link) go into
the Subject, the From name and the body of posts, into wiki page titles
and texts, and into quiz questions, choices and feedback.  Then: every
outgoing message's text/html part (post copies, the weekly digest, wiki
page mails, quiz question mails) and every file of `stoa wiki build` is
parsed with html.parser.  Executable markup is a <script>, <iframe>,
<object>, <embed>, <frame>, <base>, <form> or <svg>/<math> element, an
on* attribute, or a URL attribute (href, src, action, formaction,
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
import email
import email.policy
import html.parser
import os
import subprocess
import sys

import tt

HERE = os.path.dirname(os.path.abspath(sys.argv[0]))
XSS_FILE = os.path.join(HERE, '..', 'data', 'wiki', 'xss-payloads.txt')
URL_ATTRS = {'href', 'src', 'action', 'formaction', 'xlink:href',
             'background', 'poster', 'data', 'srcdoc'}
BAD_TAGS = {'script', 'iframe', 'object', 'embed', 'frame', 'base', 'form',
            'svg', 'math', 'applet', 'link', 'meta-refresh'}


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


class Exec(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag in BAD_TAGS:
            self.bad.append('<%s>' % tag)
        for k, v in attrs:
            low = ''.join((v or '').split()).lower()
            if k.startswith('on'):
                self.bad.append('%s= on <%s>' % (k, tag))
            if k in URL_ATTRS and ':' in low.split('/')[0] and \
                    not low.startswith(('http:', 'https:', 'mailto:')):
                self.bad.append('%s=%r on <%s>' % (k, v[:40], tag))
            if k == 'http-equiv' and low == 'refresh':
                self.bad.append('meta refresh')

    handle_startendtag = handle_starttag


def html_bad(text):
    c = Exec()
    c.feed(text)
    c.close()
    return c.bad


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
    qsent = tt.q(d, 'select count(distinct question_id), count(distinct '
                    'case when question_id <= 6 then question_id end) '
                    'from quiz_sends')
    print('markup: %d XSS payloads, %d header payloads; outgoing %s; '
          '%d HTML parts and %d wiki build files parsed; quiz import/enable '
          'exit %s, %d questions mailed (%d of the 6 that hold 50 payloads '
          'each); %d titles or names refused'
          % (len(xss), len(hdr), dict(kinds), nhtml, nsite, quiz,
             qsent[0][0], qsent[0][1], refused))
    print('markup: executable markup %d, injected headers %d'
          % (len(bad_html) + len(bad_site), len(bad_hdr)))
    for b in (bad_html + bad_site + bad_hdr)[:20]:
        print('  FAIL', b)
    tt.rm(d)
    return 1 if bad_html or bad_site or bad_hdr else 0


sys.exit(main())
