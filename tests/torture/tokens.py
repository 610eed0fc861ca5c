"""tokens.py - COUNT forged tokens (tokens.c) against a live instance.

The instance holds one of each thing a token can name: a thread (r), a
post held for moderation (m), a pending subscription (c), a member who
can unsubscribe (u), a wiki page (w, k), a bounce address (b), a quiz
question (q) where the build has them.  After the run every table must
hold the rows it held before, plus only what refusing a forgery leaves:
messages with status 'dropped' and their msgids, outbox rows of kind
'notice' (with their outbox_bodies), and events - and, for a sender who
is no member of the list, what any stranger's mail to the list leaves:
the message 'held' (with no author) and the moderators' 'moderate'
mails.  Those are counted apart.  Anything else - a changed or removed row, a new
row anywhere else, a row in hook_failures - is an effect and fails.

usage: python3 tokens.py COUNT [SEED]
"""
import collections
import os
import subprocess
import sys

import tt

ALLOWED_NEW = {'events', 'msgids'}


def setup():
    d = tt.instance()
    tt.st(d, 'list', 'create', 'mod', '--moderated')
    msgs = [
        ('learn@learn.example', 'ana@example.com',
         b'From: Ana <ana@example.com>\nSubject: seed\n'
         b'Message-ID: <seed1@example.com>\n\nseed\n'),
        ('learn@learn.example', 'eve@example.org',
         b'From: Eve <eve@example.org>\nSubject: outsider\n'
         b'Message-ID: <held1@example.org>\n\nplease approve\n'),
        ('learn+request@learn.example', 'dora@example.com',
         b'From: Dora <dora@example.com>\nSubject: subscribe\n'
         b'Message-ID: <sub1@example.com>\n\nsubscribe\n'),
        ('learn+wiki@learn.example', 'ben@example.com',
         b'From: Ben <ben@example.com>\nSubject: Onboarding\n'
         b'Message-ID: <wiki1@example.com>\n\n= Onboarding =\nfirst text\n'),
    ]
    for rcpt, sender, m in msgs:
        r = tt.hook(d, rcpt, sender, m)
        if r.returncode != 0:
            raise SystemExit('setup %s: %s' % (rcpt, r.stderr))
    tt.run(d, 'stoa-digest', ['run'])
    return d


def allowed(table, row, cols):
    if table in ALLOWED_NEW:
        return True
    rec = dict(zip(cols, row))
    if table == 'messages':
        return rec.get('status') == 'dropped' or (
            rec.get('status') == 'held' and rec.get('author_id') is None)
    if table == 'outbox':
        return rec.get('kind') in ('notice', 'moderate')
    return False


def effects(d, before):
    after = tt.dump(d)
    bad, fine = [], collections.Counter()
    ok_ids = set()
    for t in sorted(set(before) | set(after)):
        b = collections.Counter(before.get(t, []))
        a = collections.Counter(after.get(t, []))
        cols = [r[1] for r in tt.q(d, 'pragma table_info("%s")' % t)]
        gone = b - a
        if gone:
            bad.append('%s: %d rows changed or removed, e.g. %r'
                       % (t, sum(gone.values()), next(iter(gone))))
        for row, n in (a - b).items():
            rec = dict(zip(cols, row))
            # a message body goes with its allowed outbox row ('outbox'
            # sorts before 'outbox_bodies')
            if allowed(t, row, cols) or (t == 'outbox_bodies'
                                         and rec.get('id') in ok_ids):
                if t == 'outbox':
                    ok_ids.add(rec.get('id'))
                fine[t + '/' + str(rec.get('status') or rec.get('kind')
                                   or '')] += n
            else:
                bad.append('%s: new row status=%s kind=%s %r'
                           % (t, rec.get('status'), rec.get('kind'), row[:6]))
    return bad, fine


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    seed = sys.argv[2] if len(sys.argv) > 2 else '1'
    d = setup()
    before = tt.dump(d)
    r = subprocess.run([os.path.join(tt.B, 'torture', 'tokens'), '-c',
                        'stoa.conf', str(count), seed], cwd=d, env=tt.ENV,
                       capture_output=True)
    print(r.stdout.decode().strip())
    if r.returncode != 0:
        print('tokens driver failed:', r.stderr.decode()[-500:])
        return 1
    bad, fine = effects(d, before)
    print('tokens: allowed new rows %s; effects %d'
          % (dict(fine), len(bad)))
    for b, n in collections.Counter(x.split(' (')[0] for x in bad).items():
        print('  FAIL %6d x %s' % (n, b))
    for b in bad[:5]:
        print('  FAIL', b)
    tt.rm(d)
    return 1 if bad else 0


sys.exit(main())
