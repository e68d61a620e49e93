# Tests of the gradient-flow view and the saliency row on the screen (issue 12).

# The decade axis (through chart.c's labels) and the per-epoch strip against
# a golden grid; no curses, no core.
check_PROGRAMS += tests/test_flowchart
tests_test_flowchart_SOURCES = tests/test_flowchart.c tests/check.h tests/golden.h \
	src/ui/flowchart.c src/ui/flowchart.h src/ui/chart.c src/ui/chart.h src/ui/heat.c src/ui/heat.h
tests_test_flowchart_LDADD = $(RNNCORE_LIBS)
TESTS += tests/test_flowchart

# The real binary in tmux: g from every screen, live and after training,
# compare mode, the state view's |dy/dx| row, the marked-steps share,
# monochrome, resize (skipped without tmux).
TESTS += tests/gradflow_ui.sh
EXTRA_DIST += tests/gradflow_ui.sh tests/golden/flow_strip.txt
