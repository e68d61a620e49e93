# Memory limits and prompt cancel (issue 10, items 3 and 4).

# train_config_memory() against the bytes a job allocates (malloc wrapped).
check_PROGRAMS += tests/test_memory
TESTS += tests/test_memory
tests_test_memory_SOURCES = tests/test_memory.c tests/check.h
tests_test_memory_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_memory_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=malloc -Wl,--wrap=calloc \
	-Wl,--wrap=realloc -Wl,--wrap=free
tests_test_memory_LDADD = $(RNNCORE_LIBS)
