/*
 * ingest.h - the inbound pipeline: read the message, classify the
 * recipient address, authorise, parse, trim, thread, store, and enqueue
 * any notice, all in one transaction.
 */
#ifndef STOA_INGEST_H
#define STOA_INGEST_H

#include <stdio.h>

struct ingest_args {
	const char *recipient; /* envelope recipient, from argv */
	const char *sender;    /* envelope sender, may be "" */
	char *raw;             /* the message; owned */
	size_t len;            /* bytes kept (at most max_message_bytes) */
	size_t total;          /* bytes read; > len when over the cap */
};

/* ingest_read - read f to EOF, keeping at most conf_max_message_bytes. */
int ingest_read(FILE *f, struct ingest_args *a);
/* ingest_run - handle the message; 0, E_NOGROUP, or a deferral code. */
int ingest_run(struct ingest_args *a);
void ingest_args_release(struct ingest_args *a);

#endif
