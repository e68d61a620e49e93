# Memory limits and prompt cancel (issue 10, items 3 and 4).

# train_config_memory() against the bytes a job allocates (malloc wrapped).
check_PROGRAMS += tests/test_memory
TESTS += tests/test_memory
tests_test_memory_SOURCES = tests/test_memory.c tests/check.h
tests_test_memory_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_memory_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=malloc -Wl,--wrap=calloc \
	-Wl,--wrap=realloc -Wl,--wrap=free
tests_test_memory_LDADD = $(RNNCORE_LIBS)

# The blocked orthogonal initialiser against the plain algorithm it replaced.
check_PROGRAMS += tests/test_orthogonal
TESTS += tests/test_orthogonal
tests_test_orthogonal_SOURCES = tests/test_orthogonal.c tests/check.h
tests_test_orthogonal_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_orthogonal_LDADD = $(RNNCORE_LIBS)

# The real binary: refusals (exit 2, one line), the estimate against peak
# RSS, SIGTERM/SIGINT within 2 s during initialisation and data generation.
TESTS += tests/limits.sh
EXTRA_DIST += tests/limits.sh
EXTRA_DIST += bench/init-time.sh

# The screen: the estimate, a refused start and compare, cancel and SIGTERM
# during initialisation.
TESTS += tests/limits_ui.sh
EXTRA_DIST += tests/limits_ui.sh
