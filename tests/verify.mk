# Tests that check the rules after the gradient (issue 11): Adam, the
# initialisers, shuffling and batching, the metrics, and a replay of whole
# training runs in an independent numpy implementation.

VERIFY_TESTS = tests/test_optim tests/test_init tests/test_train
check_PROGRAMS += $(VERIFY_TESTS)
TESTS += $(VERIFY_TESTS)
tests_test_optim_SOURCES = tests/test_optim.c tests/check.h
tests_test_optim_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_optim_LDADD = $(RNNCORE_LIBS)
tests_test_init_SOURCES = tests/test_init.c tests/check.h
tests_test_init_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_init_LDADD = $(RNNCORE_LIBS)
tests_test_train_SOURCES = tests/test_train.c tests/check.h
tests_test_train_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_train_LDADD = $(RNNCORE_LIBS)

# Whole runs replayed in numpy (tests/replay.py) from what replay_dump, a
# driver of the real training job, writes.
check_PROGRAMS += tests/replay_dump
tests_replay_dump_SOURCES = tests/replay_dump.c
tests_replay_dump_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_replay_dump_LDADD = $(RNNCORE_LIBS)
TESTS += tests/replay.sh
EXTRA_DIST += tests/replay.sh tests/replay.py

# Every test runs through no_skip.sh: under CI=true a skip is an error.
LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/no_skip.sh
EXTRA_DIST += tests/no_skip.sh tests/tsan_unavailable.sh
# A toolchain without ThreadSanitizer cannot build test_job_tsan: say so
# with a test that skips (and fails under CI=true) rather than dropping it.
if RT_TSAN_UNAVAILABLE
TESTS += tests/tsan_unavailable.sh
endif
EXTRA_DIST += tests/mutants.sh
EXTRA_DIST += tests/check_lib.sh
