"""killpoints_digest.py - stoa-digest killed at RUNS points of a pass.

One instance holds posts whose copies wait in the outbox (Maildir
outbound).  A clean `stoa-digest run` finds the mails every recipient
must get (recipient, Message-ID).  Then RUNS passes are killed: half at
distinct STOA_FAIL_AT points spread over the whole pass (the number of
points is found by bisection), half by SIGKILL at a random time within
a clean pass; each is followed by passes until one exits 0 and nothing
is queued, sending or deferred.  Goal: no mail lost, and a recipient
gets a mail twice at most once per killed pass (the send in flight).

usage: python3 killpoints_digest.py [RUNS]
"""
import collections
import os
import random
import subprocess
import sys
import time

import tt


def post(i, sender='ben@example.com'):
    return (b'From: <%s>\nTo: learn@learn.example\nSubject: post %d\n'
            b'Message-ID: <dg%d@example.com>\n\nbody %d\n'
            % (sender.encode(), i, i, i))


def build_base():
    d = tt.instance()
    for i in range(8):
        tt.hook(d, 'learn@learn.example', 'ben@example.com', post(i))
    tt.hook(d, 'learn@learn.example', 'eve@example.org',
            post(99, 'eve@example.org'))
    return d


def mails(d):
    """Counter of (recipient, Message-ID) over the delivered mails."""
    c = collections.Counter()
    for rcpt, p in tt.maildir_files(d):
        mid = ''
        with open(p, 'rb') as f:
            for line in f:
                if line.lower().startswith(b'message-id:'):
                    mid = line.split(b':', 1)[1].strip().decode()
                    break
                if line in (b'\n', b'\r\n'):
                    break
        c[(rcpt, mid)] += 1
    return c


def settle(d):
    for _ in range(10):
        r = tt.run(d, 'stoa-digest', ['run'])
        left = tt.q(d, "select count(*) from outbox where state in "
                       "('queued', 'sending', 'deferred')")[0][0]
        if r.returncode == 0 and left == 0:
            return
    raise SystemExit('outbox never drained: %s' % r.stderr[-200:])


def killed_at(base, n):
    d = tt.clone(base)
    r = tt.run(d, 'stoa-digest', ['run'], env={'STOA_FAIL_AT': str(n)})
    return d, r.returncode == -9


def count_points(base):
    lo, hi = 1, 2  # killed at lo; find the first hi not killed
    while True:
        d, k = killed_at(base, hi)
        tt.rm(d)
        if not k:
            break
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        d, k = killed_at(base, mid)
        tt.rm(d)
        lo, hi = (mid, hi) if k else (lo, mid)
    return lo


def random_kill(d, span):
    p = subprocess.Popen([os.path.join(tt.B, 'stoa-digest'), '-c',
                          'stoa.conf', 'run'], cwd=d, env=tt.ENV,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0, span))
    p.kill()
    return p.wait() == -9


def check(d, want, kills, label, bad):
    got = mails(d)
    lost = [k for k in want if got[k] < want[k]]
    extra = sum(got[k] - want.get(k, 0) for k in got if got[k] > want.get(k, 0))
    if lost:
        bad.append('%s: lost %s' % (label, lost[:3]))
    if extra > kills:
        bad.append('%s: %d duplicates after %d kills' % (label, extra, kills))
    return extra


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    random.seed(7)
    base = build_base()
    g = tt.clone(base)
    t0 = time.time()
    settle(g)
    span = time.time() - t0
    want = mails(g)
    tt.rm(g)
    npoints = count_points(base)
    picks = sorted({1 + i * npoints // (runs // 2) for i in range(runs // 2)})
    bad, dups, kills = [], 0, 0
    for n in picks:
        d, k = killed_at(base, n)
        settle(d)
        dups += check(d, want, 1, 'point %d' % n, bad)
        kills += k
        tt.rm(d)
    for i in range(runs - len(picks)):
        d = tt.clone(base)
        k = random_kill(d, span)
        settle(d)
        dups += check(d, want, int(k), 'random %d' % i, bad)
        kills += k
        tt.rm(d)
    print('digest kills: %d runs (%d at distinct points of %d, %d random), '
          '%d killed, %d mails each, %d lost-or-over-duplicated, '
          '%d duplicates in all' % (len(picks) + runs - len(picks), len(picks),
                                    npoints, runs - len(picks), kills,
                                    sum(want.values()), len(bad), dups))
    for b in bad[:20]:
        print('  FAIL', b)
    tt.rm(base)
    return 1 if bad else 0


sys.exit(main())
