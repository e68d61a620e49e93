# Tests of the numerical core and the command line.
AM_TESTS_ENVIRONMENT = top_builddir='$(top_builddir)'; top_srcdir='$(top_srcdir)'; \
	export top_builddir top_srcdir;

# Gradients: the double build against central differences, then the float32
# build against the double build (gradcheck.sh runs the two in order).
check_PROGRAMS += tests/test_gradcheck tests/test_gradcheck32
tests_test_gradcheck_SOURCES = tests/test_gradcheck.c tests/check.h
tests_test_gradcheck_CPPFLAGS = $(AM_CPPFLAGS) -DRNNTUI_DOUBLE
tests_test_gradcheck_LDADD = $(RNNCORE64_LIBS)
tests_test_gradcheck32_SOURCES = tests/test_gradcheck.c tests/check.h
tests_test_gradcheck32_LDADD = $(RNNCORE_LIBS)
TESTS += tests/gradcheck.sh
EXTRA_DIST += tests/gradcheck.sh

