/*
 * t_learn_json.h - a minimal JSON reader for the learn/ vector tests
 * (t_learn_fsrs.c, t_learn_classic.c), which read the reference files in
 * ../shared/reference at run time.  Test code only: static functions,
 * included by exactly those two files.  Numbers go through strtod (exact
 * for the digits the vectors print); string escapes other than \" \\ \/
 * and \n become '?'.  Bad JSON makes tj_load() return NULL.
 */
#ifndef STOA_T_LEARN_JSON_H
#define STOA_T_LEARN_JSON_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tj_type { TJ_NULL, TJ_BOOL, TJ_NUM, TJ_STR, TJ_ARR, TJ_OBJ };

struct tj {
	enum tj_type type;
	double num;       /* TJ_NUM, TJ_BOOL */
	char *str;        /* TJ_STR */
	char **keys;      /* TJ_OBJ */
	struct tj **kids; /* TJ_ARR, TJ_OBJ */
	size_t n;
};

static struct tj *tj_value(const char **p);

static void
tj_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		(*p)++;
}

static inline void
tj_free(struct tj *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		tj_free(v->kids[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->kids);
	free(v->keys);
	free(v->str);
	free(v);
}

static char *
tj_string(const char **p)
{
	size_t cap = strlen(*p) + 1, n = 0;
	char *s = malloc(cap);

	(*p)++; /* the opening quote */
	while (s != NULL && **p != '"' && **p != '\0') {
		if (**p == '\\') {
			(*p)++;
			s[n++] = **p == 'n'
			    ? '\n'
			    : (strchr("\"\\/", **p) ? **p : '?');
			*p += **p == 'u' ? 5 : 1;
			continue;
		}
		s[n++] = *(*p)++;
	}
	if (s == NULL || **p != '"') {
		free(s);
		return NULL;
	}
	(*p)++;
	s[n] = '\0';
	return s;
}

/* tj_items - the members of an array or object after its opening bracket. */
static int
tj_items(const char **p, struct tj *v, char close)
{
	char *key = NULL;

	(*p)++;
	tj_ws(p);
	while (**p != close) {
		if (v->n > 0 && *(*p)++ != ',')
			return -1;
		tj_ws(p);
		if (v->type == TJ_OBJ) {
			if (**p != '"' || (key = tj_string(p)) == NULL)
				return -1;
			tj_ws(p);
			if (*(*p)++ != ':') {
				free(key);
				return -1;
			}
			v->keys =
			    realloc(v->keys, (v->n + 1) * sizeof *v->keys);
			v->keys[v->n] = key;
		}
		v->kids = realloc(v->kids, (v->n + 1) * sizeof *v->kids);
		v->kids[v->n] = tj_value(p);
		if (v->kids[v->n++] == NULL)
			return -1;
		tj_ws(p);
	}
	(*p)++;
	return 0;
}

static struct tj *
tj_value(const char **p)
{
	struct tj *v = calloc(1, sizeof *v);
	char *end;

	tj_ws(p);
	if (**p == '{' || **p == '[') {
		v->type = **p == '{' ? TJ_OBJ : TJ_ARR;
		if (tj_items(p, v, **p == '{' ? '}' : ']') == 0)
			return v;
	} else if (**p == '"') {
		v->type = TJ_STR;
		v->str = tj_string(p);
		if (v->str != NULL)
			return v;
	} else if (strncmp(*p, "null", 4) == 0) {
		*p += 4;
		return v;
	} else if (strncmp(*p, "true", 4) == 0 ||
	    strncmp(*p, "false", 5) == 0) {
		v->type = TJ_BOOL;
		v->num = **p == 't';
		*p += **p == 't' ? 4 : 5;
		return v;
	} else {
		v->type = TJ_NUM;
		v->num = strtod(*p, &end);
		if (end != *p) {
			*p = end;
			return v;
		}
	}
	tj_free(v);
	return NULL;
}

/* tj_load - parse the whole file at path; NULL when absent or bad. */
static inline struct tj *
tj_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	const char *p;
	long len;
	struct tj *v = NULL;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc(1, len > 0 ? (size_t)len + 1 : 1);
	if (text != NULL && len > 0 &&
	    fread(text, 1, (size_t)len, f) == (size_t)len) {
		p = text;
		v = tj_value(&p);
	}
	fclose(f);
	free(text);
	return v;
}

/*
 * tj_load_reference - load FILE from ../shared/reference (relative to the
 * repository root, where make check runs) or from $STOA_REFERENCE.  When
 * it is missing, say so and return NULL: the caller skips its vectors.
 */
static inline struct tj *
tj_load_reference(const char *file)
{
	const char *dir = getenv("STOA_REFERENCE");
	char path[512];
	struct tj *v;

	snprintf(path, sizeof path, "%s/%s",
	    dir != NULL ? dir : "../shared/reference", file);
	v = tj_load(path);
	if (v == NULL)
		printf("%s: %s not found or unreadable, skipping the vectors\n",
		    file, path);
	return v;
}

/* tj_get - the member key of object o, or NULL. */
static inline const struct tj *
tj_get(const struct tj *o, const char *key)
{
	size_t i;

	if (o == NULL || o->type != TJ_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->kids[i];
	return NULL;
}

/* tj_at - element i of array a, or NULL. */
static inline const struct tj *
tj_at(const struct tj *a, size_t i)
{
	if (a == NULL || a->type != TJ_ARR || i >= a->n)
		return NULL;
	return a->kids[i];
}

/* tj_num - the number at v, or def when v is not a number. */
static inline double
tj_num(const struct tj *v, double def)
{
	return v != NULL && v->type == TJ_NUM ? v->num : def;
}

/* tj_str - the string at v, or "" when v is not a string. */
static inline const char *
tj_str(const struct tj *v)
{
	return v != NULL && v->type == TJ_STR ? v->str : "";
}

/* tj_is_null - true when v is absent or JSON null. */
static inline bool
tj_is_null(const struct tj *v)
{
	return v == NULL || v->type == TJ_NULL;
}

#endif
