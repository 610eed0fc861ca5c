#!/bin/sh
# lint.sh [BUILD] - clang-format check, a grep for banned functions
# (STYLE §5), and the layering checks of callgraph.sh (DESIGN §9), which
# read the objects in BUILD (default build).
set -u
B=${1:-build}
files=$(git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^db/migrations.c$')
rc=0
if command -v clang-format >/dev/null 2>&1; then
	clang-format --dry-run --Werror $files || rc=1
else
	echo "lint: clang-format not installed, format check skipped"
fi
banned='\b(strcpy|strcat|sprintf|vsprintf|strncpy|strncat|strtok|gets|atoi|atol|sscanf|system|popen)[[:space:]]*\('
if grep -nE "$banned" $files | grep -v 'lint: allow'; then
	echo "lint: banned function used (STYLE §5)"
	rc=1
fi
sh tests/tools/callgraph.sh "$B" || rc=1
[ $rc = 0 ] && echo "lint: ok"
exit $rc
