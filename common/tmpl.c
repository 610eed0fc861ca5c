/*
 * tmpl.c - a small, strict, mustache-like template renderer.
 *
 * A template file is read whole (at most TMPL_MAX_FILE bytes, valid
 * UTF-8), parsed into a tree of nodes (text, variable, section, partial)
 * whose slices point into the source, then walked against a stack of
 * scopes (struct scope, innermost first) built from struct vars.
 * Parsing everything first means that a syntax error is reported even in
 * a branch the data would skip.  Partials are loaded on first use and
 * kept in a per-render cache, so a partial inside a loop is read once.
 *
 * Invariants: the output never grows past the cap computed at entry (we
 * check before each append, so out's sticky error is never set by a cap);
 * recursion is bounded by TMPL_MAX_NESTING per file and
 * TMPL_MAX_PARTIAL_DEPTH files; total work by TMPL_MAX_STEPS.
 *
 * Non-goals: speed (templates are small; lookups are linear), lambdas,
 * changing delimiters.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "err.h"
#include "html.h"
#include "tmpl.h"
#include "xmalloc.h"

/* ---- values ---------------------------------------------------------- */

enum vkind { VK_STR, VK_SAFE, VK_BOOL, VK_LIST, VK_MAP };

struct vent {
	char *key;
	enum vkind kind;
	char *s;
	bool b;
	struct vars **items;
	size_t n_items, cap_items;
	struct vars *map;
};

struct vars {
	struct vent *e;
	size_t n, cap;
	struct vars *root; /* where a bad key is recorded */
	char *bad_key;     /* root only: the first invalid key seen */
};

static bool
key_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool
key_valid(const char *k)
{
	const char *p;

	if (k == NULL || *k == '\0' || strlen(k) > 100)
		return false;
	for (p = k; *p != '\0'; p++)
		if (!key_char((unsigned char)*p))
			return false;
	return true;
}

static struct vars *
vars_new_in(struct vars *root)
{
	struct vars *v = xcalloc(1, sizeof *v);

	v->root = root != NULL ? root : v;
	return v;
}

struct vars *
vars_new(void)
{
	return vars_new_in(NULL);
}

/* vent_clear - free an entry's value, keeping its key. */
static void
vent_clear(struct vent *e)
{
	size_t i;

	free(e->s);
	e->s = NULL;
	for (i = 0; i < e->n_items; i++)
		vars_free(e->items[i]);
	free(e->items);
	e->items = NULL;
	e->n_items = 0;
	e->cap_items = 0;
	vars_free(e->map);
	e->map = NULL;
	e->b = false;
}

void
vars_free(struct vars *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		vent_clear(&v->e[i]);
		free(v->e[i].key);
	}
	free(v->e);
	free(v->bad_key);
	free(v);
}

static const struct vent *
vars_find(const struct vars *v, const char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strlen(v->e[i].key) == klen &&
		    memcmp(v->e[i].key, key, klen) == 0)
			return &v->e[i];
	return NULL;
}

/*
 * vars_slot - the entry for key, cleared and ready for a new value; NULL
 * (and the key remembered on the root) when the key is invalid.
 */
static struct vent *
vars_slot(struct vars *v, const char *key)
{
	struct vent *e;

	if (!key_valid(key)) {
		if (v->root->bad_key == NULL)
			v->root->bad_key =
			    xstrdup(key != NULL ? key : "(null)");
		return NULL;
	}
	e = (struct vent *)vars_find(v, key, strlen(key));
	if (e != NULL) {
		vent_clear(e);
		return e;
	}
	if (v->n == v->cap) {
		v->cap = v->cap == 0 ? 8 : v->cap * 2;
		v->e = xreallocarray(v->e, v->cap, sizeof *v->e);
	}
	e = &v->e[v->n++];
	memset(e, 0, sizeof *e);
	e->key = xstrdup(key);
	return e;
}

void
vars_set(struct vars *v, const char *key, const char *value)
{
	struct vent *e = vars_slot(v, key);

	if (e == NULL)
		return;
	e->kind = VK_STR;
	e->s = xstrdup(value != NULL ? value : "");
}

int
tmpl_cut(const char *text, size_t max, struct buf *out)
{
	size_t n = strlen(text), cut = max;

	if (n <= max)
		return buf_add(out, text, n);
	while (cut > max / 2 && text[cut - 1] != '\n')
		cut--;
	if (cut == max / 2) { /* no line end near: a character boundary */
		cut = max;
		while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80)
			cut--;
	}
	buf_add(out, text, cut);
	return buf_addf(out,
	    "%s[... %zu more bytes not shown: too long to mail]\n",
	    cut > 0 && text[cut - 1] != '\n' ? "\n" : "", n - cut);
}

void
vars_set_cut(struct vars *v, const char *key, const char *value, size_t max)
{
	struct buf b = BUF_INIT(max + 256);

	if (value == NULL || strlen(value) <= max) {
		vars_set(v, key, value);
		return;
	}
	tmpl_cut(value, max, &b);
	vars_set(v, key, buf_error(&b) == 0 ? buf_cstr(&b) : "[text too long]");
	buf_release(&b);
}

void
vars_setf(struct vars *v, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT(MAX_SMALL_TEXT);
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (buf_error(&b) != 0) {
		/* over MAX_SMALL_TEXT: a bug in the caller; make it visible */
		buf_release(&b);
		vars_set(v, key, "[value too long]");
		return;
	}
	vars_set(v, key, buf_cstr(&b));
	buf_release(&b);
}

void
vars_set_safe(struct vars *v, const char *key, const char *html)
{
	struct vent *e = vars_slot(v, key);

	if (e == NULL)
		return;
	e->kind = VK_SAFE;
	e->s = xstrdup(html != NULL ? html : "");
}

void
vars_set_bool(struct vars *v, const char *key, bool b)
{
	struct vent *e = vars_slot(v, key);

	if (e == NULL)
		return;
	e->kind = VK_BOOL;
	e->b = b;
}

void
vars_set_list(struct vars *v, const char *list_key)
{
	const struct vent *f;
	struct vent *e;

	f = list_key != NULL ? vars_find(v, list_key, strlen(list_key)) : NULL;
	if (f != NULL && f->kind == VK_LIST)
		return;
	e = vars_slot(v, list_key);
	if (e != NULL)
		e->kind = VK_LIST;
}

struct vars *
vars_add_item(struct vars *v, const char *list_key)
{
	struct vent *e;
	struct vars *item;

	vars_set_list(v, list_key);
	e = key_valid(list_key)
	    ? (struct vent *)vars_find(v, list_key, strlen(list_key))
	    : NULL;
	item = vars_new_in(v->root);
	if (e == NULL) {
		/* bad key: hand out a detached map so callers need no check */
		if (v->root->bad_key == NULL)
			v->root->bad_key = xstrdup("(list)");
		vars_set_list(v, "_bad_keys");
		e = (struct vent *)vars_find(v, "_bad_keys", 9);
	}
	if (e->n_items == e->cap_items) {
		e->cap_items = e->cap_items == 0 ? 4 : e->cap_items * 2;
		e->items =
		    xreallocarray(e->items, e->cap_items, sizeof *e->items);
	}
	e->items[e->n_items++] = item;
	return item;
}

struct vars *
vars_set_map(struct vars *v, const char *key)
{
	struct vent *e = vars_slot(v, key);

	if (e == NULL) {
		vars_set_list(v, "_bad_keys");
		return vars_add_item(v, "_bad_keys");
	}
	e->kind = VK_MAP;
	e->map = vars_new_in(v->root);
	return e->map;
}

/* ---- parsing --------------------------------------------------------- */

enum nkind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };

struct node {
	enum nkind kind;
	struct str s; /* text, or the tag's name */
	int line;
	struct node *child;
	struct node *next;
};

struct tpl {
	char *label; /* "notice-held.txt" or "lists/learn/notice-held.txt" */
	char *name;  /* the partial name this was loaded for, or NULL */
	char *src;
	size_t n;
	struct node *root;
	struct tpl *next; /* per-render cache of partials */
};

static void
nodes_free(struct node *n)
{
	struct node *next;

	while (n != NULL) {
		next = n->next;
		nodes_free(n->child);
		free(n);
		n = next;
	}
}

static void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	nodes_free(t->root);
	free(t->label);
	free(t->name);
	free(t->src);
	free(t);
}

/* find - the first occurrence of needle[0..k) in p[0..n), or NULL. */
static const char *
find(const char *p, size_t n, const char *needle, size_t k)
{
	size_t i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (p[i] == needle[0] && memcmp(p + i, needle, k) == 0)
			return p + i;
	return NULL;
}

static int
count_nl(const char *p, size_t n)
{
	int k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			k++;
	return k;
}

/* name_valid - a dotted name: segments of key characters joined by '.'. */
static bool
name_valid(struct str s, bool dotted)
{
	size_t i;

	if (s.n == 0 || s.n > 200 || s.p[0] == '.' || s.p[s.n - 1] == '.')
		return false;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '.') {
			if (!dotted || s.p[i - 1] == '.')
				return false;
		} else if (!key_char((unsigned char)s.p[i]))
			return false;
	}
	return true;
}

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

struct pframe {
	struct node *sec;   /* the open section, NULL at the top */
	struct node **tail; /* where the next node goes */
};

static struct node *
node_add(struct pframe *f, enum nkind kind, const char *p, size_t n, int line)
{
	struct node *nd = xcalloc(1, sizeof *nd);

	nd->kind = kind;
	nd->s.p = p;
	nd->s.n = n;
	nd->line = line;
	*f->tail = nd;
	f->tail = &nd->next;
	return nd;
}

/*
 * parse - build t->root from t->src.  Sections are tracked on an explicit
 * stack of at most TMPL_MAX_NESTING frames.
 */
static int
parse(struct tpl *t, struct buf *why)
{
	struct pframe st[TMPL_MAX_NESTING + 1];
	const char *s = t->src, *o, *c, *lend;
	size_t n = t->n, pos = 0, ls, te, tb, after, k;
	int depth = 0, line = 1, tline;
	bool triple;
	char sigil;
	struct str name;
	struct node *nd;

	st[0].sec = NULL;
	st[0].tail = &t->root;
	while (pos < n) {
		o = find(s + pos, n - pos, "{{", 2);
		if (o == NULL) {
			node_add(&st[depth], N_TEXT, s + pos, n - pos, line);
			break;
		}
		tb = (size_t)(o - s);
		tline = line + count_nl(s + pos, tb - pos);
		triple = tb + 2 < n && s[tb + 2] == '{';
		c = find(s + tb + 2, n - tb - 2, triple ? "}}}" : "}}",
		    triple ? 3 : 2);
		if (c == NULL)
			return buf_why(why, E_PARSE, "%s:%d: unclosed tag",
			    t->label, tline);
		te = (size_t)(c - s) + (triple ? 3 : 2);
		name.p = s + tb + (triple ? 3 : 2);
		name.n = (size_t)(c - name.p);
		sigil = 0;
		if (!triple && name.n > 0 &&
		    strchr("#^/>!", name.p[0]) != NULL) {
			sigil = name.p[0];
			name.p++;
			name.n--;
		}
		if (memchr(name.p, '\n', name.n) != NULL && sigil != '!')
			return buf_why(why, E_PARSE,
			    "%s:%d: line break inside a tag", t->label, tline);
		name = str_trim(name);

		/* a standalone section/partial/comment line disappears */
		after = te;
		if (sigil != 0) {
			ls = tb;
			while (ls > 0 && s[ls - 1] != '\n')
				ls--;
			for (k = ls; k < tb && is_blank((unsigned char)s[k]);
			     k++)
				;
			if (k == tb) {
				for (k = te;
				     k < n && is_blank((unsigned char)s[k]);
				     k++)
					;
				if (k == n || s[k] == '\n' ||
				    (s[k] == '\r' && k + 1 < n &&
				        s[k + 1] == '\n')) {
					lend = k == n
					    ? s + n
					    : memchr(s + k, '\n', n - k);
					after = (size_t)(lend - s) +
					    (k == n ? 0 : 1);
					tb = ls < pos ? pos : ls;
				}
			}
		}
		if (tb > pos)
			node_add(&st[depth], N_TEXT, s + pos, tb - pos, line);
		line = tline +
		    count_nl(s + (size_t)(o - s), after - (size_t)(o - s));
		pos = after;
		if (sigil == '!')
			continue;
		if (!name_valid(name, sigil != '>'))
			return buf_why(why, E_PARSE,
			    "%s:%d: bad tag name \"%.*s\"", t->label, tline,
			    (int)(name.n > 40 ? 40 : name.n), name.p);
		switch (sigil) {
		case 0:
			node_add(&st[depth], triple ? N_RAW : N_VAR, name.p,
			    name.n, tline);
			break;
		case '>':
			node_add(&st[depth], N_PARTIAL, name.p, name.n, tline);
			break;
		case '#':
		case '^':
			if (depth == TMPL_MAX_NESTING)
				return buf_why(why, E_LIMIT,
				    "%s:%d: sections nested more than %d deep",
				    t->label, tline, TMPL_MAX_NESTING);
			nd = node_add(&st[depth],
			    sigil == '#' ? N_SECTION : N_INVERTED, name.p,
			    name.n, tline);
			depth++;
			st[depth].sec = nd;
			st[depth].tail = &nd->child;
			break;
		case '/':
			if (depth == 0)
				return buf_why(why, E_PARSE,
				    "%s:%d: {{/%.*s}} closes nothing", t->label,
				    tline, (int)name.n, name.p);
			nd = st[depth].sec;
			if (nd->s.n != name.n ||
			    memcmp(nd->s.p, name.p, name.n) != 0)
				return buf_why(why, E_PARSE,
				    "%s:%d: {{/%.*s}} closes {{%c%.*s}} "
				    "opened at line %d",
				    t->label, tline, (int)name.n, name.p,
				    nd->kind == N_SECTION ? '#' : '^',
				    (int)nd->s.n, nd->s.p, nd->line);
			depth--;
			break;
		}
	}
	if (depth > 0) {
		nd = st[depth].sec;
		return buf_why(why, E_PARSE,
		    "%s:%d: {{%c%.*s}} is never closed", t->label, nd->line,
		    nd->kind == N_SECTION ? '#' : '^', (int)nd->s.n, nd->s.p);
	}
	return 0;
}

/* ---- loading --------------------------------------------------------- */

/* file_name_valid - a template, partial or list name we will open. */
static bool
file_name_valid(const char *s, size_t max)
{
	const char *p;

	if (s == NULL || *s == '\0' || *s == '.' || strlen(s) > max ||
	    strstr(s, "..") != NULL)
		return false;
	for (p = s; *p != '\0'; p++)
		if (!key_char((unsigned char)*p) && *p != '.')
			return false;
	return true;
}

/*
 * read_file - read path whole into *out (NUL-terminated).  E_NOTFOUND
 * when it does not exist, E_LIMIT when over TMPL_MAX_FILE, E_TEMP for
 * other I/O trouble.
 */
static int
read_file(const char *path, const char *label, char **out, size_t *outn,
    struct buf *why)
{
	struct stat stb;
	char *p;
	size_t got = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return E_NOTFOUND;
		return buf_why(
		    why, E_TEMP, "%s: cannot open: %s", label, strerror(errno));
	}
	if (fstat(fd, &stb) != 0 || !S_ISREG(stb.st_mode)) {
		close(fd);
		return buf_why(why, E_TEMP, "%s: not a regular file", label);
	}
	if (stb.st_size > TMPL_MAX_FILE) {
		close(fd);
		return buf_why(
		    why, E_LIMIT, "%s: over %d bytes", label, TMPL_MAX_FILE);
	}
	p = xmalloc((size_t)stb.st_size + 1);
	while (got < (size_t)stb.st_size) {
		r = read(fd, p + got, (size_t)stb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != (size_t)stb.st_size) {
		free(p);
		return buf_why(why, E_TEMP, "%s: short read", label);
	}
	p[got] = '\0';
	*out = p;
	*outn = got;
	return 0;
}

/*
 * tpl_load - find NAME for LIST (override first) and parse it.  A missing
 * file returns E_NOTFOUND without touching why; the caller words it.
 */
static int
tpl_load(const char *dir, const char *list, const char *name, struct tpl **out,
    struct buf *why)
{
	struct buf path = BUF_INIT(4096), label = BUF_INIT(512);
	struct tpl *t = NULL;
	char *src = NULL;
	size_t n = 0;
	int rc = E_NOTFOUND;

	if (list != NULL && *list != '\0') {
		buf_addf(&path, "%s/lists/%s/%s", dir, list, name);
		buf_addf(&label, "lists/%s/%s", list, name);
		if (buf_error(&path) != 0 || buf_error(&label) != 0) {
			rc = buf_why(why, E_LIMIT, "%s: path too long", name);
			goto out;
		}
		rc =
		    read_file(buf_cstr(&path), buf_cstr(&label), &src, &n, why);
	}
	if (rc == E_NOTFOUND) {
		buf_reset(&path);
		buf_reset(&label);
		buf_addf(&path, "%s/%s", dir, name);
		buf_adds(&label, name);
		if (buf_error(&path) != 0 || buf_error(&label) != 0) {
			rc = buf_why(why, E_LIMIT, "%s: path too long", name);
			goto out;
		}
		rc =
		    read_file(buf_cstr(&path), buf_cstr(&label), &src, &n, why);
	}
	if (rc != 0)
		goto out;
	t = xcalloc(1, sizeof *t);
	t->label = buf_detach(&label);
	t->src = src;
	t->n = n;
	if (!utf8_valid(src, n)) {
		rc = buf_why(
		    why, E_PARSE, "%s: not valid UTF-8 (or has NUL)", t->label);
		goto out;
	}
	rc = parse(t, why);
out:
	if (rc != 0) {
		tpl_free(t);
		t = NULL;
	}
	*out = t;
	buf_release(&path);
	buf_release(&label);
	return rc;
}

/*
 * The template cache.  A caller that renders the same templates many
 * times (one copy of a post per member) brackets the loop with
 * tmpl_cache_begin() and tmpl_cache_end(): in between, every template is
 * read and parsed once.  Off by default, so a long-running process sees
 * an edited template on its next pass.  Cached templates are shared and
 * never changed by a render (the per-render partial chain is not used).
 */
struct tpl_cached {
	char *key; /* dir '\n' list '\n' name */
	struct tpl *t;
	struct tpl_cached *next;
};

static struct tpl_cached *tpl_cache;
static bool tpl_cache_on;

void
tmpl_cache_begin(void)
{
	tpl_cache_on = true;
}

void
tmpl_cache_end(void)
{
	struct tpl_cached *e, *next;

	for (e = tpl_cache; e != NULL; e = next) {
		next = e->next;
		tpl_free(e->t);
		free(e->key);
		free(e);
	}
	tpl_cache = NULL;
	tpl_cache_on = false;
}

/* tpl_find - the cached template and its cache key (in key). */
static struct tpl_cached *
tpl_find(const char *dir, const char *list, const char *name, struct buf *key)
{
	struct tpl_cached *e;

	buf_addf(key, "%s\n%s\n%s", dir, list != NULL ? list : "", name);
	for (e = tpl_cache; e != NULL; e = e->next)
		if (strcmp(e->key, buf_cstr(key)) == 0)
			break;
	return e;
}

/* tpl_get - tpl_load(), through the cache when it is on. */
static int
tpl_get(const char *dir, const char *list, const char *name, struct tpl **out,
    struct buf *why)
{
	struct buf key = BUF_INIT(8192);
	struct tpl_cached *e;
	int rc;

	if (!tpl_cache_on)
		return tpl_load(dir, list, name, out, why);
	e = tpl_find(dir, list, name, &key);
	rc = 0;
	if (e != NULL)
		*out = e->t;
	else
		rc = tpl_load(dir, list, name, out, why);
	if (e == NULL && rc == 0) {
		e = xcalloc(1, sizeof *e);
		e->key = buf_detach(&key);
		e->t = *out;
		e->next = tpl_cache;
		tpl_cache = e;
	}
	buf_release(&key);
	return rc;
}

/* tpl_put - done with t from tpl_get(). */
static void
tpl_put(struct tpl *t)
{
	if (!tpl_cache_on)
		tpl_free(t);
}

int
tmpl_check(const char *dir, const char *name, struct buf *why)
{
	struct tpl *t = NULL;
	int rc;

	rc = tpl_load(dir, NULL, name, &t, why);
	if (rc == E_NOTFOUND && why->len == 0)
		buf_addf(why, "%s: no such template", name);
	tpl_free(t);
	return rc;
}

/* ---- rendering ------------------------------------------------------- */

struct scope {
	const struct vars *v;
	const struct scope *up;
};

struct ctx {
	const char *dir, *list;
	const char *ext; /* ".txt", ".html" or "" */
	bool html;
	struct buf *out;
	struct buf *why;
	size_t cap; /* out->len never exceeds this */
	size_t steps;
	int depth; /* partial depth */
	struct tpl *cache;
	bool in_headers; /* rendering a message's header block */
	size_t hdr_start, hdr_scan;
	bool soft;      /* a message's text: mark soft line breaks */
	size_t body_at; /* where the body starts (after the headers) */
};

static int
emit(struct ctx *c, const struct tpl *t, int line, const char *p, size_t n)
{
	const char *q;

	if (n > c->cap - c->out->len)
		return buf_why(c->why, E_LIMIT, "%s:%d: output over %zu bytes",
		    t->label, line, c->cap);
	if (buf_add(c->out, p, n) != 0)
		return buf_why(c->why, buf_error(c->out),
		    "%s:%d: out of memory", t->label, line);
	if (c->in_headers) {
		/* the header block ends at the first empty line */
		q = c->out->data + c->hdr_scan;
		for (; q + 1 < c->out->data + c->out->len; q++) {
			if (q[0] == '\n' &&
			    (q[1] == '\n' ||
			        (q[1] == '\r' &&
			            q + 2 < c->out->data + c->out->len &&
			            q[2] == '\n'))) {
				c->in_headers = false;
				c->body_at = (size_t)(q - c->out->data) + 1;
				break;
			}
		}
		if (c->in_headers && c->out->len > c->hdr_start + 1)
			c->hdr_scan = c->out->len - 1;
	}
	return 0;
}

static int
emit_escaped(struct ctx *c, const struct tpl *t, int line, const char *s)
{
	const char *p, *rep;
	int rc;

	if (!c->html)
		return emit(c, t, line, s, strlen(s));
	p = s;
	while (*(p += strcspn(p, HTML_SPECIAL)) != '\0') {
		if (p > s) {
			rc = emit(c, t, line, s, (size_t)(p - s));
			if (rc != 0)
				return rc;
		}
		rep = html_entity(*p);
		rc = emit(c, t, line, rep, strlen(rep));
		if (rc != 0)
			return rc;
		s = ++p;
	}
	return emit(c, t, line, s, (size_t)(p - s));
}

/*
 * lookup - resolve a dotted name: the first segment in the innermost
 * scope that has it, each further one inside the map found so far.
 */
static int
lookup(struct ctx *c, const struct tpl *t, const struct node *nd,
    const struct scope *sc, const struct vent **out)
{
	const char *p = nd->s.p, *end = nd->s.p + nd->s.n, *dot;
	const struct vent *e = NULL;
	const struct scope *s;

	dot = memchr(p, '.', nd->s.n);
	if (dot == NULL)
		dot = end;
	for (s = sc; s != NULL && e == NULL; s = s->up)
		e = vars_find(s->v, p, (size_t)(dot - p));
	while (e != NULL && dot < end) {
		if (e->kind != VK_MAP)
			return buf_why(c->why, E_PARSE,
			    "%s:%d: \"%.*s\" is not a map", t->label, nd->line,
			    (int)(dot - nd->s.p), nd->s.p);
		p = dot + 1;
		dot = memchr(p, '.', (size_t)(end - p));
		if (dot == NULL)
			dot = end;
		e = vars_find(e->map, p, (size_t)(dot - p));
	}
	if (e == NULL)
		return buf_why(c->why, E_PARSE,
		    "%s:%d: unknown variable \"%.*s\"", t->label, nd->line,
		    (int)nd->s.n, nd->s.p);
	*out = e;
	return 0;
}

static const char *
kind_name(enum vkind k)
{
	switch (k) {
	case VK_STR:
	case VK_SAFE:
		return "a string";
	case VK_BOOL:
		return "a boolean";
	case VK_LIST:
		return "a list";
	case VK_MAP:
		return "a map";
	}
	return "?";
}

static int render_nodes(struct ctx *c, const struct tpl *t,
    const struct node *nd, const struct scope *sc);

static int
render_partial(struct ctx *c, const struct tpl *t, const struct node *nd,
    const struct scope *sc)
{
	struct buf name = BUF_INIT(256);
	struct tpl *p;
	int rc;

	if (c->dir == NULL)
		return buf_why(c->why, E_PARSE, "%s:%d: no partials here",
		    t->label, nd->line);
	if (c->depth >= TMPL_MAX_PARTIAL_DEPTH)
		return buf_why(c->why, E_LIMIT,
		    "%s:%d: partials nested more than %d deep", t->label,
		    nd->line, TMPL_MAX_PARTIAL_DEPTH);
	buf_add(&name, nd->s.p, nd->s.n);
	buf_adds(&name, c->ext);
	if (buf_error(&name) != 0) {
		buf_release(&name);
		return buf_why(c->why, E_LIMIT, "%s:%d: partial name too long",
		    t->label, nd->line);
	}
	for (p = c->cache; p != NULL; p = p->next)
		if (strcmp(p->name, buf_cstr(&name)) == 0)
			break;
	if (p == NULL) {
		rc = tpl_get(c->dir, c->list, buf_cstr(&name), &p, c->why);
		if (rc == E_NOTFOUND)
			buf_why(c->why, rc,
			    "%s:%d: partial \"%.*s\" not found (%s)", t->label,
			    nd->line, (int)nd->s.n, nd->s.p, buf_cstr(&name));
		if (rc != 0) {
			buf_release(&name);
			return rc;
		}
		if (!tpl_cache_on) { /* cached ones are shared */
			p->name = buf_detach(&name);
			p->next = c->cache;
			c->cache = p;
		}
	}
	buf_release(&name);
	c->depth++;
	rc = render_nodes(c, p, p->root, sc);
	c->depth--;
	return rc;
}

static int
render_section(struct ctx *c, const struct tpl *t, const struct node *nd,
    const struct scope *sc)
{
	const struct vent *e;
	struct scope inner;
	bool truthy;
	size_t i;
	int rc;

	rc = lookup(c, t, nd, sc, &e);
	if (rc != 0)
		return rc;
	switch (e->kind) {
	case VK_STR:
	case VK_SAFE:
		truthy = e->s[0] != '\0';
		break;
	case VK_BOOL:
		truthy = e->b;
		break;
	case VK_LIST:
		truthy = e->n_items > 0;
		break;
	case VK_MAP:
	default:
		truthy = true;
		break;
	}
	if (nd->kind == N_INVERTED)
		return truthy ? 0 : render_nodes(c, t, nd->child, sc);
	if (!truthy)
		return 0;
	if (e->kind == VK_LIST) {
		for (i = 0; i < e->n_items; i++) {
			inner.v = e->items[i];
			inner.up = sc;
			rc = render_nodes(c, t, nd->child, &inner);
			if (rc != 0)
				return rc;
		}
		return 0;
	}
	if (e->kind == VK_MAP) {
		inner.v = e->map;
		inner.up = sc;
		return render_nodes(c, t, nd->child, &inner);
	}
	return render_nodes(c, t, nd->child, sc);
}

static int
render_var(struct ctx *c, const struct tpl *t, const struct node *nd,
    const struct scope *sc)
{
	const struct vent *e;
	int rc;

	rc = lookup(c, t, nd, sc, &e);
	if (rc != 0)
		return rc;
	if (e->kind != VK_STR && e->kind != VK_SAFE)
		return buf_why(c->why, E_PARSE,
		    "%s:%d: \"%.*s\" is %s, not a string", t->label, nd->line,
		    (int)nd->s.n, nd->s.p, kind_name(e->kind));
	if (nd->kind == N_RAW && e->kind != VK_SAFE)
		return buf_why(c->why, E_PARSE,
		    "%s:%d: {{{%.*s}}} needs a value marked safe", t->label,
		    nd->line, (int)nd->s.n, nd->s.p);
	if (c->in_headers && strpbrk(e->s, "\r\n") != NULL)
		return buf_why(c->why, E_PARSE,
		    "%s:%d: \"%.*s\" would put a line break into a header",
		    t->label, nd->line, (int)nd->s.n, nd->s.p);
	if (nd->kind == N_RAW)
		return emit(c, t, nd->line, e->s, strlen(e->s));
	return emit_escaped(c, t, nd->line, e->s);
}

static size_t hang(const char *p, size_t n);

/*
 * soften - in a message's text, the template's own line breaks inside a
 * paragraph (from `from` on; at the end of the text when a value follows)
 * become TMPL_SOFT, so tmpl_wrap() can reflow a paragraph that a long
 * value made overflow.  A break before a blank line, an indented or
 * quoted line, a list item or the signature stays hard.
 */
static void
soften(struct ctx *c, size_t from, const struct node *next)
{
	char *d = c->out->data;
	size_t i, n = c->out->len;

	if (from < c->body_at)
		from = c->body_at;
	for (i = from; i < n; i++) {
		if (d[i] != '\n' || i == 0 || d[i - 1] == '\n' ||
		    (i >= 3 && memcmp(d + i - 3, "-- ", 3) == 0 &&
		        (i == 3 || d[i - 4] == '\n')))
			continue; /* not after the signature line either */
		if (i + 1 == n) {
			if (next != NULL &&
			    (next->kind == N_VAR || next->kind == N_RAW))
				d[i] = TMPL_SOFT;
		} else if (!is_blank((unsigned char)d[i + 1]) &&
		    d[i + 1] != '\n' && d[i + 1] != '\r' && d[i + 1] != '>' &&
		    hang(d + i + 1, n - i - 1) == 0 &&
		    strncmp(d + i + 1, "-- ", n - i - 1 < 3 ? n - i - 1 : 3) !=
		        0)
			d[i] = TMPL_SOFT;
	}
}

static int
render_nodes(struct ctx *c, const struct tpl *t, const struct node *nd,
    const struct scope *sc)
{
	size_t from;

	int rc = 0;

	for (; nd != NULL && rc == 0; nd = nd->next) {
		if (++c->steps > TMPL_MAX_STEPS)
			return buf_why(c->why, E_LIMIT, "%s:%d: over %d steps",
			    t->label, nd->line, TMPL_MAX_STEPS);
		switch (nd->kind) {
		case N_TEXT:
			from = c->out->len;
			rc = emit(c, t, nd->line, nd->s.p, nd->s.n);
			if (rc == 0 && c->soft && !c->in_headers)
				soften(c, from, nd->next);
			break;
		case N_VAR:
		case N_RAW:
			rc = render_var(c, t, nd, sc);
			break;
		case N_SECTION:
		case N_INVERTED:
			rc = render_section(c, t, nd, sc);
			break;
		case N_PARTIAL:
			rc = render_partial(c, t, nd, sc);
			break;
		}
	}
	return rc;
}

static void
ctx_init(struct ctx *c, struct buf *out, struct buf *why)
{
	memset(c, 0, sizeof *c);
	c->out = out;
	c->why = why;
	c->cap = out->max;
	if (out->len <= out->max && out->max - out->len > TMPL_MAX_OUTPUT)
		c->cap = out->len + TMPL_MAX_OUTPUT;
	c->ext = "";
	c->hdr_start = out->len;
	c->hdr_scan = out->len;
}

static void
ctx_release(struct ctx *c)
{
	struct tpl *p, *next;

	for (p = c->cache; p != NULL; p = next) {
		next = p->next;
		tpl_free(p);
	}
	c->cache = NULL;
}

static int
check_vars(const struct vars *v, struct buf *why)
{
	if (v == NULL)
		return buf_why(why, E_INTERNAL, "template values missing");
	if (v->root->bad_key != NULL)
		return buf_why(why, E_INTERNAL,
		    "bad template value key \"%.40s\"", v->root->bad_key);
	return 0;
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

/* render_file - tmpl_render with the header-block check optional. */
static int
render_file(const char *dir, const char *list, const char *name,
    const struct vars *v, bool headers, struct buf *out, struct buf *why)
{
	struct ctx c;
	struct scope top;
	struct tpl *t = NULL;
	const char *dot;
	size_t start = out->len;
	int rc;

	if (out->err != 0)
		return out->err;
	rc = check_vars(v, why);
	if (rc != 0)
		return rc;
	if (dir == NULL || !file_name_valid(name, 100))
		return buf_why(why, E_PARSE, "bad template name \"%.40s\"",
		    name != NULL ? name : "(null)");
	if (list != NULL && *list != '\0' &&
	    !file_name_valid(list, MAX_LIST_NAME))
		return buf_why(why, E_PARSE, "bad list name \"%.40s\"", list);
	rc = tpl_get(dir, list, name, &t, why);
	if (rc == E_NOTFOUND)
		return buf_why(why, rc, "%s: template not found", name);
	if (rc != 0)
		return rc;
	ctx_init(&c, out, why);
	c.dir = dir;
	c.list = list;
	dot = strrchr(name, '.');
	c.ext = dot != NULL ? dot : "";
	c.html = has_suffix(name, ".html");
	c.in_headers = headers;
	c.soft = headers && !c.html;
	top.v = v;
	top.up = NULL;
	rc = render_nodes(&c, t, t->root, &top);
	if (rc == 0 && headers && c.in_headers)
		rc = buf_why(why, E_PARSE,
		    "%s: no blank line after the headers", t->label);
	ctx_release(&c);
	tpl_put(t);
	if (rc != 0)
		buf_truncate(out, start);
	return rc;
}

int
tmpl_render(const char *dir, const char *list, const char *name,
    const struct vars *v, struct buf *out, struct buf *why)
{
	return render_file(dir, list, name, v, false, out, why);
}

int
tmpl_render_string(const char *src, size_t n, bool html, const struct vars *v,
    struct buf *out, struct buf *why)
{
	struct ctx c;
	struct scope top;
	struct tpl t;
	size_t start = out->len;
	int rc;

	if (out->err != 0)
		return out->err;
	rc = check_vars(v, why);
	if (rc != 0)
		return rc;
	memset(&t, 0, sizeof t);
	t.label = "<string>";
	t.src = (char *)src;
	t.n = n;
	if (n > TMPL_MAX_FILE)
		return buf_why(
		    why, E_LIMIT, "<string>: over %d bytes", TMPL_MAX_FILE);
	if (!utf8_valid(src, n))
		return buf_why(
		    why, E_PARSE, "<string>: not valid UTF-8 (or has NUL)");
	rc = parse(&t, why);
	if (rc == 0) {
		ctx_init(&c, out, why);
		c.html = html;
		top.v = v;
		top.up = NULL;
		rc = render_nodes(&c, &t, t.root, &top);
		ctx_release(&c);
	}
	nodes_free(t.root);
	if (rc != 0)
		buf_truncate(out, start);
	return rc;
}

bool
tmpl_exists(const char *dir, const char *list, const char *name)
{
	struct buf path = BUF_INIT(4096);
	struct stat stb;
	bool found = false;

	if (dir == NULL || !file_name_valid(name, 100))
		return false;
	if (tpl_cache_on && tpl_find(dir, list, name, &path) != NULL) {
		buf_release(&path);
		return true; /* loaded in this pass: no stat per copy */
	}
	buf_reset(&path);
	if (list != NULL && *list != '\0' &&
	    file_name_valid(list, MAX_LIST_NAME)) {
		buf_addf(&path, "%s/lists/%s/%s", dir, list, name);
		found = buf_error(&path) == 0 &&
		    stat(buf_cstr(&path), &stb) == 0 && S_ISREG(stb.st_mode);
	}
	if (!found) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, name);
		found = buf_error(&path) == 0 &&
		    stat(buf_cstr(&path), &stb) == 0 && S_ISREG(stb.st_mode);
	}
	buf_release(&path);
	return found;
}

/* ---- messages -------------------------------------------------------- */

void
rendered_init(struct rendered *r)
{
	memset(r, 0, sizeof *r);
}

void
rendered_release(struct rendered *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->subject);
	free(r->text);
	free(r->html);
	rendered_init(r);
}

/* Headers the composer writes itself; a template may not set them. */
static const char *const reserved_headers[] = {"From", "To", "Cc", "Bcc",
    "Date", "Message-ID", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Content-Disposition", "Reply-To", "Sender",
    "Return-Path", "Received", "In-Reply-To", "References", NULL};

#define SUBJECT_KEY "\001subject"

static bool
header_name_char(int c)
{
	return c > 32 && c < 127 && c != ':';
}

/*
 * split_headers - move the header block at the top of txt into
 * r->headers (the Subject under the name SUBJECT_KEY for now) and set
 * *body to the offset of the body.
 */
static int
split_headers(const char *label, const char *txt, size_t len,
    struct rendered *r, size_t *body, struct buf *why)
{
	size_t pos = 0, eol, i, cap = 0;
	int hline = 0;
	struct str name, line;
	struct tmpl_header *h;
	struct buf joined = BUF_INIT(MAX_SMALL_TEXT);

	for (;;) {
		if (pos >= len)
			return buf_why(why, E_PARSE,
			    "%s: no blank line after the headers", label);
		eol = pos;
		while (eol < len && txt[eol] != '\n')
			eol++;
		hline++;
		line.p = txt + pos;
		line.n = eol - pos;
		pos = eol + 1;
		if (line.n > 0 && line.p[line.n - 1] == '\r')
			line.n--;
		if (line.n == 0)
			break;
		if (is_blank((unsigned char)line.p[0])) {
			/* a continuation line: unfold into the last header */
			if (r->n_headers == 0)
				return buf_why(why, E_PARSE,
				    "%s: header line %d: continuation of "
				    "nothing",
				    label, hline);
			h = &r->headers[r->n_headers - 1];
			line = str_trim(line);
			buf_reset(&joined);
			buf_adds(&joined, h->value);
			buf_addc(&joined, ' ');
			buf_add(&joined, line.p, line.n);
			if (buf_error(&joined) != 0) {
				buf_release(&joined);
				return buf_why(why, E_LIMIT,
				    "%s: header line %d: header too long",
				    label, hline);
			}
			free(h->value);
			h->value = buf_detach(&joined);
			continue;
		}
		for (i = 0;
		     i < line.n && header_name_char((unsigned char)line.p[i]);
		     i++)
			;
		if (i == 0 || i == line.n || line.p[i] != ':')
			return buf_why(why, E_PARSE,
			    "%s: header line %d: expected \"Name: value\" "
			    "(templates start with their headers)",
			    label, hline);
		name.p = line.p;
		name.n = i;
		for (i = 0; reserved_headers[i] != NULL; i++)
			if (str_ieq(name, reserved_headers[i]))
				return buf_why(why, E_PARSE,
				    "%s: header line %d: %s is set by the "
				    "program, not a template",
				    label, hline, reserved_headers[i]);
		if (str_ieq(name, "Subject"))
			for (i = 0; i < r->n_headers; i++)
				if (strcmp(r->headers[i].name, SUBJECT_KEY) ==
				    0)
					return buf_why(why, E_PARSE,
					    "%s: header line %d: a second "
					    "Subject",
					    label, hline);
		if (r->n_headers == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			r->headers =
			    xreallocarray(r->headers, cap, sizeof *r->headers);
		}
		h = &r->headers[r->n_headers++];
		h->name = str_ieq(name, "Subject") ? xstrdup(SUBJECT_KEY)
		                                   : str_dup(name);
		line.p += name.n + 1;
		line.n -= name.n + 1;
		h->value = str_dup(str_trim(line));
	}
	*body = pos > len ? len : pos;
	buf_release(&joined);
	return 0;
}

/*
 * take_subject - move the SUBJECT_KEY pseudo-entry out of the header
 * array into r->subject.
 */
static int
take_subject(const char *label, struct rendered *r, struct buf *why)
{
	size_t i, k = 0;
	char *subject = NULL;

	for (i = 0; i < r->n_headers; i++) {
		if (strcmp(r->headers[i].name, SUBJECT_KEY) == 0) {
			free(r->headers[i].name);
			subject = r->headers[i].value;
			continue;
		}
		r->headers[k++] = r->headers[i];
	}
	r->n_headers = k;
	r->subject = subject;
	if (subject == NULL)
		return buf_why(why, E_PARSE, "%s: no Subject header", label);
	return 0;
}

int
tmpl_render_message(const char *dir, const char *list, const char *base,
    const struct vars *v, struct rendered *r, struct buf *why)
{
	struct buf name = BUF_INIT(256), txt = BUF_INIT(TMPL_MAX_OUTPUT);
	struct buf wrapped = BUF_INIT(TMPL_MAX_OUTPUT * 2);
	struct buf html = BUF_INIT(TMPL_MAX_OUTPUT);
	size_t body = 0;
	int rc;

	rendered_release(r);
	buf_addf(&name, "%s.txt", base != NULL ? base : "");
	rc = render_file(dir, list, buf_cstr(&name), v, true, &txt, why);
	if (rc != 0)
		goto out;
	rc = split_headers(
	    buf_cstr(&name), buf_cstr(&txt), txt.len, r, &body, why);
	if (rc == 0)
		rc = take_subject(buf_cstr(&name), r, why);
	if (rc != 0)
		goto out;
	rc = tmpl_wrap(
	    txt.data + body, txt.len - body, TMPL_WRAP_COLUMNS, &wrapped);
	if (rc == 0 &&
	    (wrapped.len == 0 || wrapped.data[wrapped.len - 1] != '\n'))
		rc = buf_addc(&wrapped, '\n');
	if (rc != 0) {
		rc = buf_why(
		    why, rc, "%s: body over the limit", buf_cstr(&name));
		goto out;
	}
	r->text = buf_detach(&wrapped);
	buf_reset(&name);
	buf_addf(&name, "%s.html", base);
	if (tmpl_exists(dir, list, buf_cstr(&name))) {
		rc = render_file(
		    dir, list, buf_cstr(&name), v, false, &html, why);
		if (rc != 0)
			goto out;
		r->html = buf_detach(&html);
	}
out:
	if (rc != 0)
		rendered_release(r);
	buf_release(&name);
	buf_release(&txt);
	buf_release(&wrapped);
	buf_release(&html);
	return rc;
}

/* ---- wrapping -------------------------------------------------------- */

/* cols - display columns of p[0..n): one per UTF-8 code point. */
static size_t
cols(const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			k++;
	return k;
}

/* hang - the hanging indent of a list item line, or 0. */
static size_t
hang(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') &&
	    p[1] == ' ')
		return 2;
	while (i < n && i < 3 && p[i] >= '0' && p[i] <= '9')
		i++;
	if (i > 0 && i + 1 < n && (p[i] == '.' || p[i] == ')') &&
	    p[i + 1] == ' ')
		return i + 2;
	return 0;
}

static void
wrap_line(const char *p, size_t n, size_t width, struct buf *out)
{
	size_t i = 0, ws, we, col = 0, indent, k;
	bool first = true;

	indent = hang(p, n);
	if (indent * 2 > width)
		indent = 0;
	while (i < n) {
		/* gap (spaces) then a word */
		ws = i;
		while (i < n && p[i] == ' ')
			i++;
		we = i;
		while (we < n && p[we] != ' ')
			we++;
		if (we == i) /* trailing spaces: drop */
			break;
		if (first) {
			buf_add(out, p + ws, we - ws);
			col = cols(p + ws, we - ws);
			first = false;
		} else if (col + cols(p + ws, we - ws) <= width) {
			buf_add(out, p + ws, we - ws);
			col += cols(p + ws, we - ws);
		} else {
			buf_addc(out, '\n');
			for (k = 0; k < indent; k++)
				buf_addc(out, ' ');
			buf_add(out, p + i, we - i);
			col = indent + cols(p + i, we - i);
		}
		i = we;
	}
}

/* overflows - a line of n bytes at p that tmpl_wrap() must wrap. */
static bool
overflows(const char *p, size_t n, size_t width)
{
	/* a line of at most width bytes has at most width code points */
	return n > width && cols(p, n) > width && p[0] != '>' &&
	    !is_blank((unsigned char)p[0]);
}

/*
 * wrap_para - one line of text whose pieces are joined by TMPL_SOFT:
 * pieces that fit stay lines of their own; from the first that
 * overflows on, the pieces are joined by spaces and wrapped together.
 */
static void
wrap_para(const char *p, size_t n, size_t width, struct buf *out)
{
	struct buf tmp = BUF_INIT(256);
	size_t s = 0, e;

	while (s <= n) {
		for (e = s; e < n && p[e] != TMPL_SOFT; e++)
			;
		if (overflows(p + s, e - s, width))
			break;
		buf_add(out, p + s, e - s);
		if (e < n)
			buf_addc(out, '\n');
		s = e + 1;
	}
	if (s > n)
		return;
	for (e = s; e < n; e++)
		buf_addc(&tmp, p[e] == TMPL_SOFT ? ' ' : p[e]);
	wrap_line(tmp.data, tmp.len, width, out);
	buf_release(&tmp);
}

int
tmpl_wrap(const char *text, size_t len, size_t width, struct buf *out)
{
	const char *nl;
	size_t pos = 0, eol, n;

	while (pos < len) {
		nl = memchr(text + pos, '\n', len - pos);
		eol = nl != NULL ? (size_t)(nl - text) : len;
		n = eol - pos;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (memchr(text + pos, TMPL_SOFT, n) != NULL)
			wrap_para(text + pos, n, width, out);
		else if (!overflows(text + pos, n, width))
			buf_add(out, text + pos, n);
		else
			wrap_line(text + pos, n, width, out);
		if (eol < len)
			buf_addc(out, '\n');
		pos = eol + 1;
	}
	return buf_error(out);
}
