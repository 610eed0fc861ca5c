# Stoa - build, test and demo.  `make check` and `make demo` are the two
# commands the README promises; both install missing Debian packages first.
#
# Objects go under $(B) so that sanitizer and fuzz builds never mix with
# the normal one:  make B=build/asan SAN=1.

CC	?= gcc
B	?= build
PREFIX	?= /usr/local
DESTDIR	?=
MANDIR	?= $(PREFIX)/share/man
UNITDIR	?= $(PREFIX)/lib/systemd/system
UNITS	= dist/stoa-digest.service dist/stoa-digest-run.service \
	  dist/stoa-digest.timer
MAN8	= man/stoa.8 man/stoa-hook.8 man/stoa-digest.8
MAN5	= man/stoa.conf.5

WARN	= -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
	  -Wmissing-prototypes -Wvla
ifdef CI
WARN	+= -Werror
endif
ifdef WERROR
WARN	+= -Werror
endif
PKGS	= libcurl libpcre2-8 sqlite3 nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	  $(CFLAGS) $(PKG_CFLAGS) $(INC) -MMD -MP
# Layers, top to bottom (DESIGN §9): programs -> mailer/ -> db/ -> common/,
# with learn/ (pure) beside common/.  Each layer sees only the headers
# below it, so an upward #include fails to compile.
INC	= -Icommon -Idb -Imailer -Ilearn
ifdef SAN
ALL_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all \
	  -fno-omit-frame-pointer -DSTOA_DEBUG
LDSAN	= -fsanitize=address,undefined
endif
ifdef DEBUG
ALL_CFLAGS += -DSTOA_DEBUG
endif
LDFLAGS	?=
# Each program links only what it uses: libcurl stays out of the hook.
LIBS_CORE = -lsqlite3 -lnettle -letpan -lpcre2-8 -lm
# The hook runs once per message, and the dynamic loader was its largest
# cost: SQLite, pcre2, Nettle and libetpan are linked in statically
# (Debian's .a files), so it loads libc and libm only (docs/bench.md).
# libetpan's mailmime_extract_boundary is made weak in a copy of the
# archive, so common/mime.c's fixed one wins, as it does over the shared
# library.  HOOK_STATIC= links all of them dynamically.
HOOK_STATIC ?= 1
ETPAN_A	:= $(shell $(CC) -print-file-name=libetpan.a)
ifeq ($(HOOK_STATIC),1)
HOOK_ETPAN = $(B)/libetpan-stoa.a
LIBS_HOOK = $(HOOK_ETPAN) -Wl,-Bstatic -lsqlite3 -lpcre2-8 -lnettle \
	-Wl,-Bdynamic -lm
else
HOOK_ETPAN =
LIBS_HOOK = $(LIBS_CORE)
endif
LIBS_ALL  = $(LIBS_CORE) -lcurl

COMMON_SRC := $(wildcard common/*.c)
DB_SRC	   := $(wildcard db/*.c) db/migrations.c
MAILER_SRC := $(wildcard mailer/*.c)
LEARN_SRC  := $(wildcard learn/*.c)
HOOK_SRC   := $(wildcard mta-hook/*.c)
DIGEST_SRC := $(wildcard digest/*.c)
ADMIN_SRC  := $(wildcard admin/*.c)
MIGRATIONS := $(sort $(wildcard db/[0-9][0-9][0-9][0-9]-*.sql))
UNIT_SRC   := $(wildcard tests/unit/t_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

obj = $(patsubst %.c,$(B)/%.o,$(1))

LIBSTOA	= $(B)/libstoa.a
PROGS	= $(B)/stoa-hook $(B)/stoa-digest $(B)/stoa

.PHONY: all deps deps-test check check-unit check-cases check-asan \
	check-valgrind lint demo install install-units install-man uninstall \
	clean fuzz bench bench-quiz bench-mentor corpora e2e torture

all: $(PROGS)

# db/migrations.c embeds every numbered migration, so a binary never
# depends on files at run time.
db/migrations.c: $(MIGRATIONS) db/gen-migrations.sh
	sh db/gen-migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/common/%.o: INC = -Icommon
$(B)/learn/%.o: INC = -Icommon -Ilearn
$(B)/db/%.o: INC = -Icommon -Idb

$(LIBSTOA): $(call obj,$(COMMON_SRC) $(LEARN_SRC) $(DB_SRC) $(MAILER_SRC))
	@rm -f $@
	ar rcs $@ $^

$(B)/stoa-hook: $(call obj,$(HOOK_SRC)) $(LIBSTOA) $(HOOK_ETPAN)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $(filter-out $(HOOK_ETPAN),$^) \
	    -Wl,--as-needed $(LIBS_HOOK)

$(B)/libetpan-stoa.a: $(ETPAN_A)
	@mkdir -p $(dir $@)
	objcopy --weaken-symbol=mailmime_extract_boundary $< $@

$(B)/stoa-digest: $(call obj,$(DIGEST_SRC)) $(LIBSTOA)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ -Wl,--as-needed $(LIBS_ALL)

$(B)/stoa: $(call obj,$(ADMIN_SRC)) $(LIBSTOA)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ -Wl,--as-needed $(LIBS_ALL)

$(B)/tests/t_%: $(B)/tests/unit/t_%.o $(B)/tests/unit/t.o $(LIBSTOA)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ -Wl,--as-needed $(LIBS_ALL)

# Test tools and corpus scorers: one .c each, linked with libstoa.
$(B)/tools/%: $(B)/tests/tools/%.o $(LIBSTOA)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ -Wl,--as-needed $(LIBS_ALL)

$(B)/corpora/%: $(B)/tests/corpora/%.o $(LIBSTOA)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ -Wl,--as-needed $(LIBS_ALL)

# Fuzz targets: replay_NAME runs saved inputs in `make check`;
# `make fuzz` builds the libFuzzer binaries with clang.
FUZZ_SRC := $(wildcard tests/fuzz/fz_*.c)
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/fz_%.c=$(B)/fuzz/replay_%)
$(B)/fuzz/replay_%: $(B)/tests/fuzz/fz_%.o $(B)/tests/fuzz/replay.o $(LIBSTOA)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ -Wl,--as-needed $(LIBS_ALL)

# Torture drivers (make torture): the hook's objects but its main.c.
HOOK_LIB_OBJ = $(call obj,$(filter-out mta-hook/main.c,$(HOOK_SRC)))
$(B)/torture/%: $(B)/tests/torture/%.o $(HOOK_LIB_OBJ) $(LIBSTOA)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ -Wl,--as-needed $(LIBS_ALL)
$(B)/tests/torture/%.o: INC = -Icommon -Idb -Imailer -Ilearn -Imta-hook

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

# t_transport starts fakesmtp (order-only: not linked in)
$(B)/tests/t_transport: | $(B)/tools/fakesmtp

$(B)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

-include $(shell find $(B) -name '*.d' 2>/dev/null)

deps:
	@sh tests/tools/deps.sh build

deps-test:
	@sh tests/tools/deps.sh test

check: deps deps-test
	$(MAKE) all units $(B)/tools/icscheck
	sh tests/tools/check.sh $(B) $(K)

TOOLS_SRC := $(filter-out tests/tools/icscheck.c,$(wildcard tests/tools/*.c))
TOOLS	:= $(TOOLS_SRC:tests/tools/%.c=$(B)/tools/%)
units: $(TOOLS) $(UNIT_BIN) $(FUZZ_REPLAY)

# The invite checker links libical, a test dependency (deps.sh test).
$(B)/tools/icscheck: tests/tools/icscheck.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra $$(pkg-config --cflags libical) \
	    -o $@ $< $$(pkg-config --libs libical)

FUZZ_SECONDS ?= 60
fuzz: deps db/migrations.c
	@sh tests/tools/deps.sh fuzz
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# Not part of `make check`: about 15 minutes plus 5 * FUZZ_SECONDS
# (docs/reliability.md).  A debug build, for STOA_FAIL_AT.
TORTURE_B ?= build/debug
torture: deps
	@sh tests/tools/deps.sh fuzz
	$(MAKE) B=$(TORTURE_B) DEBUG=1 all $(TORTURE_B)/torture/tokens \
	    $(TORTURE_B)/tools/mktoken
	sh tests/torture/run.sh $(TORTURE_B) $(FUZZ_SECONDS)

corpora: deps
	sh tests/corpora/run.sh $(B)

bench: all
	sh bench/run.sh $(B)

# The quiz scheduler pass for 100,000 learners (docs/quiz.md, "Measured").
bench-quiz: all
	bash bench/quiz.sh $(B)

bench-mentor: all
	bash bench/mentor.sh $(B)

check-asan: deps deps-test
	$(MAKE) B=build/asan SAN=1 all units
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	sh tests/tools/check.sh build/asan $(K)

check-valgrind: deps deps-test
	$(MAKE) all units
	STOA_VALGRIND=1 sh tests/tools/check.sh $(B) $(K)

# the layering check reads the hook's objects (tests/tools/callgraph.sh)
lint: $(call obj,$(HOOK_SRC))
	@sh tests/tools/lint.sh $(B)

demo: deps
	$(MAKE) all $(B)/tools/mailcheck
	sh tests/tools/demo.sh $(B)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/stoa/templates \
	    $(DESTDIR)$(PREFIX)/share/stoa/db $(DESTDIR)/etc/stoa
	install -m 0755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/stoa/templates/
	install -m 0644 $(MIGRATIONS) $(DESTDIR)$(PREFIX)/share/stoa/db/
	install -m 0644 docs/stoa.conf.sample $(DESTDIR)$(PREFIX)/share/stoa/stoa.conf.sample
	test -f $(DESTDIR)/etc/stoa/stoa.conf || \
	    install -m 0640 docs/stoa.conf.sample $(DESTDIR)/etc/stoa/stoa.conf
	$(MAKE) -s install-units install-man
	@echo "stoa: installed; next: docs/install.md section 2 (or man 8 stoa)"

# The units name the programs under $(PREFIX), whatever it is.
install-units:
	install -d $(DESTDIR)$(UNITDIR)
	for u in $(UNITS); do \
	    sed 's#/usr/local/#$(PREFIX)/#g' $$u > $(DESTDIR)$(UNITDIR)/$${u#dist/} && \
	    chmod 0644 $(DESTDIR)$(UNITDIR)/$${u#dist/} || exit 1; \
	done

install-man:
	install -d $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5
	install -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/

# Everything install put in place except /etc/stoa (the operator's
# config) and the data; a running stoa-digest.service is the operator's
# to stop first.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/bin/,$(notdir $(PROGS)))
	rm -rf $(DESTDIR)$(PREFIX)/share/stoa
	rm -f $(addprefix $(DESTDIR)$(UNITDIR)/,$(notdir $(UNITS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN8)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))

clean:
	rm -rf build db/migrations.c demo tests/out
