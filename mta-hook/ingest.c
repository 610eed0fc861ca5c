/*
 * ingest.c - the inbound pipeline for one message.
 *
 * Order: read stdin to EOF (capped) -> classify the recipient (67 when no
 * such list) -> already stored under its hash (a no-op) -> poison guard
 * (poison.h) -> parse within limits (quarantine over a limit) -> dedup
 * -> drop loops and auto-replies -> authorise (non-members and moderated
 * lists are held) -> trim -> thread
 * -> store, with any notice, in one transaction.  Exit 0 only after
 * COMMIT; every failure here is E_TEMP or E_INTERNAL (75) unless handled.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "addr.h"
#include "clock.h"
#include "conf.h"
#include "crypto.h"
#include "err.h"
#include "ingest.h"
#include "inbound.h"
#include "log.h"
#include "mime.h"
#include "poison.h"
#include "store.h"
#include "wake.h"
#include "xmalloc.h"

/*
 * first_size - the bytes to allocate first: a regular file's size (the
 * buffer is then exact), else 64 KiB; never over cap.
 */
static size_t
first_size(FILE *f, size_t cap)
{
	struct stat sb;
	size_t n = 64 * 1024;

	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size >= 0)
		n = (size_t)sb.st_size;
	return n < cap ? n : cap;
}

int
ingest_read(FILE *f, struct ingest_args *a)
{
	size_t cap = (size_t)conf_max_message_bytes, size, n;
	char chunk[65536];

	size = first_size(f, cap);
	a->raw = xmalloc(size + 1);
	a->len = 0;
	a->total = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		size_t keep = n < cap - a->len ? n : cap - a->len;

		if (a->len + keep > size) { /* a pipe: double, up to cap */
			size =
			    size * 2 > a->len + keep ? size * 2 : a->len + keep;
			size = size < cap ? size : cap;
			a->raw = xreallocarray(a->raw, size + 1, 1);
		}
		memcpy(a->raw + a->len, chunk, keep);
		a->len += keep;
		a->total += n; /* read to the end even past the cap */
	}
	a->raw[a->len] = '\0';
	if (ferror(f)) {
		log_err("ingest error=read");
		return E_TEMP;
	}
	return 0;
}

void
ingest_args_release(struct ingest_args *a)
{
	free(a->raw);
	a->raw = NULL;
}

/*
 * split_recipient - "list+ext@domain" into list (lower-cased) and ext.
 * E_NOGROUP when the domain is not ours or the local part is not a list.
 */
static int
split_recipient(const char *rcpt, char *list, size_t lsz, char *ext, size_t esz)
{
	const char *at = strrchr(rcpt, '@'), *plus;
	size_t n;

	if (at == NULL || !str_ieq(str_from(at + 1), conf_domain))
		return E_NOGROUP;
	plus = memchr(rcpt, '+', (size_t)(at - rcpt));
	n = (size_t)((plus != NULL ? plus : at) - rcpt);
	if (n == 0 || n >= lsz)
		return E_NOGROUP;
	memcpy(list, rcpt, n);
	list[n] = '\0';
	str_lower(list);
	if (!list_name_valid(list))
		return E_NOGROUP;
	ext[0] = '\0';
	if (plus != NULL) {
		n = (size_t)(at - plus - 1);
		if (n >= esz)
			n = esz -
			    1; /* an over-long extension is unknown anyway */
		memcpy(ext, plus + 1, n);
		ext[n] = '\0';
	}
	return 0;
}

int
ingest_run(struct ingest_args *a)
{
	struct inbound in;
	struct buf why = BUF_INIT(1024);
	char listname[MAX_LIST_NAME + 1], ext[MAX_LOCAL_PART + 1];
	bool done = false;
	int rc;

	rc = split_recipient(
	    a->recipient, listname, sizeof listname, ext, sizeof ext);
	if (rc != 0)
		return rc;
	inbound_init(&in, a->raw, a->len, a->total, a->sender, ext);
	rc = store_open(conf_database, STORE_SYNC_FULL,
	    (int)conf_busy_timeout_ms, &in.st, &why);
	if (rc != 0) {
		log_err("ingest error=store reason=%s", buf_cstr(&why));
		rc = E_TEMP;
		goto out;
	}
	rc = store_list_get(in.st, listname, &in.list);
	if (rc != 0)
		goto out;
	crypto_sha256_hex(a->raw, a->len, in.raw_sha256);
	rc = poison_begin(&in, &done);
	if (rc != 0 || done)
		goto out;
	rc = inbound_handle(&in);
	if (rc == 0)
		wake_touch(); /* a running stoa-digest --daemon sends now */
out:
	inbound_release(&in);
	buf_release(&why);
	return rc;
}
