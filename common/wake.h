/*
 * wake.h - the hook tells a running `stoa-digest --daemon` that there is
 * mail to send by touching a file beside the database (DATABASE.wake); the
 * daemon watches its modification time.  No signals across users needed.
 */
#ifndef STOA_WAKE_H
#define STOA_WAKE_H

/* wake_touch - set the wake file's time to now (creating it); best effort. */
void wake_touch(void);
/* wake_stamp - the wake file's modification time in ns, 0 if absent. */
long long wake_stamp(void);

#endif
