# Gradient flow and saliency (issue 12): the core's numbers against finite
# differences (double build), the job's record, and the command line.
check_PROGRAMS += tests/test_gradflow
TESTS += tests/test_gradflow
tests_test_gradflow_SOURCES = tests/test_gradflow.c tests/check.h
tests_test_gradflow_CPPFLAGS = $(TEST_CORE_CPPFLAGS) -DRNNTUI_DOUBLE
tests_test_gradflow_LDADD = $(RNNCORE64_LIBS)

check_PROGRAMS += tests/test_gradflow_job
TESTS += tests/test_gradflow_job
tests_test_gradflow_job_SOURCES = tests/test_gradflow_job.c tests/check.h
tests_test_gradflow_job_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_gradflow_job_LDADD = $(RNNCORE_LIBS)

# The real binary: --gradients output, logs, --view, --plot, compare.
TESTS += tests/gradflow_cli.sh
EXTRA_DIST += tests/gradflow_cli.sh
EXTRA_DIST += bench/gradflow-results.sh tests/corpus/runlog/gradients.jsonl

# The probe pass on the pool, with ThreadSanitizer (core library of core.mk).
if RT_TSAN_TEST
check_PROGRAMS += tests/test_gradflow_job_tsan
TESTS += tests/test_gradflow_job_tsan
tests_test_gradflow_job_tsan_SOURCES = tests/test_gradflow_job.c tests/check.h
tests_test_gradflow_job_tsan_CPPFLAGS = $(TEST_CORE_CPPFLAGS)
tests_test_gradflow_job_tsan_CFLAGS = $(AM_CFLAGS) $(TSAN_FLAGS)
tests_test_gradflow_job_tsan_LDFLAGS = $(AM_LDFLAGS) -fsanitize=thread
tests_test_gradflow_job_tsan_LDADD = src/core/librnncore_tsan.a $(PTHREAD_LIBS) -lm
endif
