#!/bin/sh
# gen-migrations.sh - turn db/NNNN-name.sql files into a C table of
# migrations (db/migrations.c).  Usage: gen-migrations.sh FILE...
set -eu
echo '/* Generated from db/NNNN-*.sql by db/gen-migrations.sh; do not edit. */'
echo '#include "migrations.h"'
echo
echo 'const struct migration migrations[] = {'
for f in "$@"; do
	base=$(basename "$f" .sql)
	num=$(echo "$base" | sed 's/^0*\([0-9]\)/\1/; s/-.*//')
	printf '\t{%s, "%s",\n' "$num" "$base"
	sed 's/\\/\\\\/g; s/"/\\"/g; s/^/\t    "/; s/$/\\n"/' "$f"
	printf '\t},\n'
done
echo '};'
echo
echo 'const int migrations_count = sizeof migrations / sizeof migrations[0];'
