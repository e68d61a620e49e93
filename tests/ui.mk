# Tests of the curses screen and the chart renderer.

# The chart renderer against golden grids; no curses, no core.
check_PROGRAMS += tests/test_chart
tests_test_chart_SOURCES = tests/test_chart.c tests/check.h tests/golden.h src/ui/chart.c src/ui/chart.h
tests_test_chart_LDADD = $(RNNCORE_LIBS)
TESTS += tests/test_chart

# The real binary in a detached tmux pane (skipped without tmux).
TESTS += tests/ui.sh
# The file options, the save-log key, --view, signals and SIGWINCH storms
# in the screen, the same way.
TESTS += tests/ui_faults.sh
EXTRA_DIST += tests/ui_faults.sh
# The tmux harness that ui.sh, ui_faults.sh and compare_ui.sh source.
EXTRA_DIST += tests/tmux_lib.sh
EXTRA_DIST += tests/ui.sh \
	tests/golden/chart_empty.txt tests/golden/chart_flat.txt \
	tests/golden/chart_linear.txt tests/golden/chart_log.txt \
	tests/golden/chart_nan.txt tests/golden/chart_partial.txt \
	tests/golden/chart_reference.txt tests/golden/chart_resample.txt \
	tests/golden/chart_scale.txt tests/golden/chart_single.txt \
	tests/golden/chart_wide.txt tests/golden/chart_zero.txt
