/* migrations.h - the numbered schema migrations compiled into every program. */
#ifndef STOA_MIGRATIONS_H
#define STOA_MIGRATIONS_H

struct migration {
	int version;      /* the NNNN of db/NNNN-name.sql */
	const char *name; /* "0001-init" */
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
