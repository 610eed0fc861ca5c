"""autoreply.py - automatic mail of the kinds real servers send, from a
member's address, to LIST@, LIST+request@ and LIST+r-TOKEN@ (a genuine
reply token of that member's thread).

Each must leave nothing that answers or spreads it: no outbox row at all
(no notice, no confirmation, no copy) and no message 'posted'.  The
hook's exit must be 0 (handled), so that the MTA does not retry or
bounce back to a robot either.

usage: python3 autoreply.py
"""
import os
import subprocess
import sys

import tt

KINDS = [
    ('vacation auto-replied', 'Auto-Submitted: auto-replied\n'
     'Subject: On vacation\n'),
    ('auto-generated', 'Auto-Submitted: auto-generated\nSubject: Notice\n'),
    ('Auto-Submitted upper case with comment',
     'Auto-Submitted: Auto-Replied (vacation)\nSubject: Away\n'),
    ('auto-notified', 'Auto-Submitted: auto-notified\nSubject: Status\n'),
    ('Precedence bulk', 'Precedence: bulk\nSubject: Newsletter\n'),
    ('Precedence junk', 'Precedence: junk\nSubject: Away\n'),
    ('Precedence list', 'Precedence: list\nSubject: Digest\n'),
    ('X-Autoreply', 'X-Autoreply: yes\nSubject: Re: your mail\n'),
    ('X-Autorespond', 'X-Autorespond: Away\nSubject: Re: your mail\n'),
    ('Exchange OOF', 'X-Auto-Response-Suppress: All\n'
     'Auto-Submitted: auto-generated\nX-MS-Exchange-Inbox-Rules-Loop: '
     'ben@example.com\nSubject: Automatic reply: seed\n'),
    ('Exchange OOF subject only', 'Subject: Out of Office: seed\n'),
    ('Outlook subject AutoReply', 'Subject: Out of Office AutoReply: seed\n'),
    ('List-Id of another list', 'List-Id: Other people <other.lists.'
     'example.org>\nSubject: [other] hello\n'),
    ('Mailman List-Post', 'List-Post: <mailto:other@lists.example.org>\n'
     'List-Unsubscribe: <mailto:other-leave@lists.example.org>\n'
     'Subject: [other] hi\n'),
    ('X-Loop ours', 'X-Loop: learn@learn.example\nSubject: Re: seed\n'),
    ('X-Loop upper case', 'X-Loop: LEARN@Learn.Example\nSubject: Re: seed\n'),
    ('MAILER-DAEMON DSN', None),
    ('postmaster DSN', None),
    ('null sender plain', ''),
    ('German Abwesenheitsnotiz',
     'Subject: Abwesenheitsnotiz: seed\nX-Autoreply: yes\n'),
]


def dsn(frm):
    return ('From: Mail Delivery System <%s>\nSubject: Undelivered Mail '
            'Returned to Sender\nAuto-Submitted: auto-replied\n'
            'MIME-Version: 1.0\nContent-Type: multipart/report; '
            'report-type=delivery-status; boundary="b1"\n'
            'Message-ID: <%%s>\n\n--b1\nContent-Type: text/plain\n\n'
            'I could not deliver.\n--b1\nContent-Type: message/delivery-'
            'status\n\nReporting-MTA: dns; mx.example.com\n\n'
            'Final-Recipient: rfc822; someone@example.com\nAction: failed\n'
            'Status: 5.1.1\n--b1--\n' % frm)


def message(i, name, head):
    mid = 'auto%d@example.com' % i
    if head is None:
        frm = ('MAILER-DAEMON@mx.example.com' if 'MAILER' in name
               else 'postmaster@mx.example.com')
        return (dsn(frm) % mid).encode(), ''
    sender = '' if name.startswith('null') else 'ben@example.com'
    if not head:
        head = 'Subject: Re: seed\n'
    return ('From: Ben Berg <ben@example.com>\nTo: learn@learn.example\n'
            'Message-ID: <%s>\nIn-Reply-To: <seed1@example.com>\n%s\n'
            'I am away until Monday.\n' % (mid, head)).encode(), sender


def main():
    d = tt.instance()
    r = tt.hook(d, 'learn@learn.example', 'ana@example.com',
                b'From: Ana <ana@example.com>\nSubject: seed\n'
                b'Message-ID: <seed1@example.com>\n\nseed\n')
    assert r.returncode == 0
    tt.run(d, 'stoa-digest', ['run'])
    before = tt.q(d, 'select count(*) from outbox')[0][0]
    tok = subprocess.run([os.path.join(tt.B, 'tools', 'mktoken'), '-c',
                          'stoa.conf', 'r', '1', '2'], cwd=d, env=tt.ENV,
                         capture_output=True, text=True).stdout.strip()
    rcpts = ['learn@learn.example', 'learn+request@learn.example',
             'learn+r-%s@learn.example' % tok]
    bad, n = [], 0
    for j, rcpt in enumerate(rcpts):
        for i, (name, head) in enumerate(KINDS):
            msg, sender = message(100 * j + i, name, head)
            r = tt.hook(d, rcpt, sender, msg)
            n += 1
            out = tt.q(d, 'select count(*) from outbox')[0][0] - before
            posted = tt.q(d, "select count(*) from messages where status = "
                             "'posted' and message_id = ?",
                          ('auto%d@example.com' % (100 * j + i),))[0][0]
            if r.returncode != 0 or out or posted:
                bad.append('%s to %s: exit %d, %d outbox rows, posted %d'
                           % (name, rcpt.split('@')[0][:14], r.returncode,
                              out, posted))
            before += out
    print('autoreplies: %d sent (%d kinds x %d addresses), %d answered, '
          'posted or deferred' % (n, len(KINDS), len(rcpts), len(bad)))
    for b in bad:
        print('  FAIL', b)
    tt.rm(d)
    return 1 if bad else 0


sys.exit(main())
