/*
 * moderation.c - the effects of a decision on a held post (see
 * moderation.h).
 */
#include <string.h>
#include <strings.h>

#include "bounds.h"
#include "moderation.h"

void
moderation_flag_vars(const char *flags, long long author_id, struct vars *v)
{
	char page[MAX_LOCAL_PART + 1];
	const char *w = flags != NULL ? strstr(flags, "wiki:") : NULL;
	size_t n;

	vars_set_bool(v, "not_member", author_id == 0);
	vars_set_bool(v, "wiki", w != NULL);
	page[0] = '\0';
	if (w != NULL && strncasecmp(w + 5, "wiki-", 5) == 0) {
		n = strcspn(w + 10, " ");
		if (n > MAX_LOCAL_PART)
			n = MAX_LOCAL_PART;
		memcpy(page, w + 10, n);
		page[n] = '\0';
	}
	vars_set(v, "wiki_page", page);
}

void
moderation_vars(const struct held_rec *h, struct vars *v)
{
	moderation_flag_vars(h->flags, h->author_id, v);
}
