# Tests of the sweep screen (issue 13, the curses part).

# The correctness-against-length chart against golden grids; no curses, no core.
check_PROGRAMS += tests/test_chart_sweep
tests_test_chart_sweep_SOURCES = tests/test_chart_sweep.c tests/check.h tests/golden.h \
	src/ui/chart.c src/ui/chart.h
tests_test_chart_sweep_LDADD = $(RNNCORE_LIBS)
TESTS += tests/test_chart_sweep
EXTRA_DIST += tests/golden/chart_cat_full.txt tests/golden/chart_cat_small.txt \
	tests/golden/chart_cat_partial.txt

# The sweep screen in tmux (skipped without tmux): the form, a small sweep's
# table and chart against single runs, save and --view DIR, pause, cancel,
# quit and signals mid-sweep, small terminal, monochrome.
TESTS += tests/sweep_ui.sh
EXTRA_DIST += tests/sweep_ui.sh
