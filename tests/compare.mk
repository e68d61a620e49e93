# Tests of compare mode and the state view (issue 7).

# The heat strips of the state view against golden grids; no curses, no core.
# (The overlay charts of compare mode are cases of tests/test_chart.)
check_PROGRAMS += tests/test_heat
tests_test_heat_SOURCES = tests/test_heat.c tests/check.h tests/golden.h src/ui/heat.c src/ui/heat.h
tests_test_heat_LDADD = -lm
TESTS += tests/test_heat

# Headless --compare: the table, the counts, one log per cell, errors.
# The screen: compare mode and the state view in tmux (skipped without tmux).
TESTS += tests/compare_cli.sh tests/compare_ui.sh
EXTRA_DIST += tests/compare_cli.sh tests/compare_ui.sh \
	tests/golden/heat_lstm.txt tests/golden/heat_narrow.txt \
	tests/golden/heat_range.txt tests/golden/heat_scroll.txt \
	tests/golden/heat_scroll_end.txt tests/golden/heat_short.txt \
	tests/golden/chart_overlay.txt tests/golden/chart_overlay_log.txt \
	tests/golden/chart_overlay_loss.txt tests/golden/chart_overlay_partial.txt
