# Tests of the numerical core and the command line.
AM_TESTS_ENVIRONMENT = top_builddir='$(top_builddir)'; top_srcdir='$(top_srcdir)'; \
	export top_builddir top_srcdir;
TEST_CORE_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/core -I$(top_srcdir)/tests

# Gradients: the double build against central differences, then the float32
# build against the double build (gradcheck.sh runs the two in order).
check_PROGRAMS += tests/test_gradcheck tests/test_gradcheck32
tests_test_gradcheck_SOURCES = tests/test_gradcheck.c tests/check.h
tests_test_gradcheck_CPPFLAGS = $(TEST_CORE_CPPFLAGS) -DRNNTUI_DOUBLE
tests_test_gradcheck_LDADD = $(RNNCORE64_LIBS)
tests_test_gradcheck32_SOURCES = tests/test_gradcheck.c tests/check.h
tests_test_gradcheck32_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_gradcheck32_LDADD = $(RNNCORE_LIBS)
TESTS += tests/gradcheck.sh
EXTRA_DIST += tests/gradcheck.sh

# The core's pieces and the training job.
CORE_TESTS = tests/test_linalg tests/test_vmath tests/test_reference \
	tests/test_determinism tests/test_learns tests/test_job
check_PROGRAMS += $(CORE_TESTS)
TESTS += $(CORE_TESTS)
tests_test_linalg_SOURCES = tests/test_linalg.c tests/check.h
tests_test_linalg_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_linalg_LDADD = $(RNNCORE_LIBS)
tests_test_vmath_SOURCES = tests/test_vmath.c tests/check.h
tests_test_vmath_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_vmath_LDADD = $(RNNCORE_LIBS)
tests_test_reference_SOURCES = tests/test_reference.c tests/check.h
tests_test_reference_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_reference_LDADD = $(RNNCORE_LIBS)
tests_test_determinism_SOURCES = tests/test_determinism.c tests/check.h
tests_test_determinism_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_determinism_LDADD = $(RNNCORE_LIBS)
tests_test_learns_SOURCES = tests/test_learns.c tests/check.h
tests_test_learns_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_learns_LDADD = $(RNNCORE_LIBS)
tests_test_job_SOURCES = tests/test_job.c tests/check.h
tests_test_job_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_job_LDADD = $(RNNCORE_LIBS)

# test_job again, core and test built with ThreadSanitizer.
if RT_TSAN_TEST
# Sanitizer runtimes start after ifunc resolvers run: no target_clones there.
TSAN_FLAGS = -fsanitize=thread -g -O1 -DRNNTUI_NO_CLONES
check_LIBRARIES += src/core/librnncore_tsan.a
src_core_librnncore_tsan_a_SOURCES = $(src_core_librnncore_a_SOURCES)
src_core_librnncore_tsan_a_CFLAGS = $(AM_CFLAGS) $(TSAN_FLAGS)
check_PROGRAMS += tests/test_job_tsan
TESTS += tests/test_job_tsan
tests_test_job_tsan_SOURCES = tests/test_job.c tests/check.h
tests_test_job_tsan_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_job_tsan_CFLAGS = $(AM_CFLAGS) $(TSAN_FLAGS)
tests_test_job_tsan_LDFLAGS = $(AM_LDFLAGS) -fsanitize=thread
tests_test_job_tsan_LDADD = src/core/librnncore_tsan.a $(PTHREAD_LIBS) -lm
endif

# The real binary, as a user runs it.
TESTS += tests/cli.sh
EXTRA_DIST += tests/cli.sh

# Memory stays flat over a long run.
TESTS += tests/rss.sh
EXTRA_DIST += tests/rss.sh

# The manual: lint, and the same options as --help.
TESTS += tests/man.sh
EXTRA_DIST += tests/man.sh
