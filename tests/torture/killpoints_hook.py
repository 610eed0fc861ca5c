"""killpoints_hook.py - stoa-hook killed at every fail point of its run.

For each kind of message and each N = 1, 2, ... the hook runs with
STOA_FAIL_AT=N on a fresh copy of one instance; a killed run is followed
by Postfix-style redelivery (the same bytes again until exit 0).  N
grows until a run ends by itself: that N - 1 is the number of points
the kind has.  The database afterwards must equal the one a single clean
delivery leaves (same rows in every table), which means: not lost, not
stored twice, not quarantined, no notice or copy missing or doubled.
Then RANDOM runs kill the hook with SIGKILL at random times (within the
time a clean run takes),
redelivering - each try killed again with probability 1/2, at most 5
times - until exit 0, with the same check.

usage: python3 killpoints_hook.py [RANDOM]
"""
import random
import sys
import time
import subprocess
import os

import tt

SEED = b'From: Ana Lima <ana@example.com>\nTo: learn@learn.example\n' \
       b'Subject: seed\nMessage-ID: <seed1@example.com>\n\nseed body\n'
KINDS = [
    ('post', 'learn@learn.example', 'ben@example.com',
     b'From: Ben Berg <ben@example.com>\nTo: learn@learn.example\n'
     b'Subject: a question\nMessage-ID: <kp-post@example.com>\n\n'
     b'How do we test kills?\n'),
    ('reply', 'learn@learn.example', 'cleo@example.com',
     b'From: Cleo <cleo@example.com>\nTo: learn@learn.example\n'
     b'Subject: Re: seed\nMessage-ID: <kp-reply@example.com>\n'
     b'In-Reply-To: <seed1@example.com>\nReferences: <seed1@example.com>\n\n'
     b'A reply.\n\n> seed body\n'),
    ('crosspost', 'other@learn.example', 'ana@example.com',
     b'From: Ana <ana@example.com>\nTo: learn@learn.example, '
     b'other@learn.example\nSubject: both\nMessage-ID: <kp-x@example.com>\n\n'
     b'to two lists\n'),
    ('subscribe', 'learn+request@learn.example', 'dora@example.com',
     b'From: Dora <dora@example.com>\nTo: learn+request@learn.example\n'
     b'Subject: subscribe\nMessage-ID: <kp-sub@example.com>\n\nsubscribe\n'),
    ('nonmember', 'learn@learn.example', 'eve@example.org',
     b'From: Eve <eve@example.org>\nTo: learn@learn.example\n'
     b'Subject: hello\nMessage-ID: <kp-eve@example.com>\n\nhi\n'),
    ('nomsgid', 'learn@learn.example', 'ben@example.com',
     b'From: Ben Berg <ben@example.com>\nTo: learn@learn.example\n'
     b'Subject: no id\n\nno message-id here\n'),
]


SPAN = [0.01]  # seconds a clean run takes, measured in main()


def redeliver(d, rcpt, sender, msg, kill_p=0.0):
    """Deliver until exit 0 (at most 20 tries); tries, kills."""
    kills = 0
    for tries in range(1, 21):
        if kill_p and kills < 5 and random.random() < kill_p:
            if random_kill(d, rcpt, sender, msg):
                kills += 1
                continue
        r = tt.hook(d, rcpt, sender, msg)
        if r.returncode == 0:
            return tries, kills
        if r.returncode != 75:
            raise SystemExit('hook exit %d: %s' % (r.returncode, r.stderr))
    raise SystemExit('hook never exited 0')


def random_kill(d, rcpt, sender, msg):
    """One try killed within SPAN; True when it was killed."""
    env = dict(tt.ENV)
    p = subprocess.Popen([os.path.join(tt.B, 'stoa-hook'), '-c', 'stoa.conf',
                          '--recipient', rcpt, '--sender', sender], cwd=d,
                         env=env, stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        p.stdin.write(msg)
        p.stdin.close()
    except BrokenPipeError:
        pass
    time.sleep(random.uniform(0, SPAN[0]))
    p.kill()
    return p.wait() == -9


def differ(a, b):
    return sorted(t for t in set(a) | set(b) if a.get(t) != b.get(t))


def points(base, kind, rcpt, sender, msg, golden, bad):
    n = 0
    while True:
        n += 1
        d = tt.clone(base)
        r = tt.hook(d, rcpt, sender, msg, env={'STOA_FAIL_AT': str(n)})
        if r.returncode not in (0, 75, -9):
            bad.append('%s@%d: first exit %d' % (kind, n, r.returncode))
        if r.returncode != 0:
            redeliver(d, rcpt, sender, msg)
        diff = differ(tt.dump(d), golden)
        if diff:
            bad.append('%s@%d: tables differ %s' % (kind, n, diff))
        tt.rm(d)
        if r.returncode != -9:
            return n - 1


def main():
    nrandom = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    random.seed(12)
    base = tt.instance()
    tt.hook(base, 'learn@learn.example', 'ana@example.com', SEED)
    bad, total = [], 0
    for kind, rcpt, sender, msg in KINDS:
        g = tt.clone(base)
        t0 = time.time()
        r = tt.hook(g, rcpt, sender, msg)
        SPAN[0] = time.time() - t0
        assert r.returncode == 0, (kind, r.stderr)
        golden = tt.dump(g)
        tt.rm(g)
        n = points(base, kind, rcpt, sender, msg, golden, bad)
        print('hook kill points: %-10s %4d points' % (kind, n), flush=True)
        total += n
        kills = 0
        for _ in range(nrandom // len(KINDS)):
            d = tt.clone(base)
            kills += redeliver(d, rcpt, sender, msg, kill_p=0.5)[1]
            diff = differ(tt.dump(d), golden)
            if diff:
                bad.append('%s random: tables differ %s' % (kind, diff))
            tt.rm(d)
        print('hook random kills: %-10s %4d SIGKILLs' % (kind, kills), flush=True)
    tt.rm(base)
    print('hook kill points: %d distinct points over %d kinds, %d failures'
          % (total, len(KINDS), len(bad)))
    for b in bad[:20]:
        print('  FAIL', b)
    return 1 if bad else 0


sys.exit(main())
