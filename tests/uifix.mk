# Tests of the fixes of issue 10 (state view, option numbers, grammar, log
# ticks) and of the round axis ticks of issue 12.

# The state view after the length grows (a heap overflow under ASan before),
# and its heading at 80 and 60 columns, in tmux (skipped without tmux).
TESTS += tests/uifix_states.sh
EXTRA_DIST += tests/uifix_states.sh tests/golden/chart_decades.txt

# The round axis ticks of the core (rnntui/ticks.h): exact cases and
# properties over many ranges.
check_PROGRAMS += tests/test_ticks
tests_test_ticks_SOURCES = tests/test_ticks.c tests/check.h
tests_test_ticks_LDADD = $(RNNCORE_LIBS)
TESTS += tests/test_ticks

# One rule for the numbers of every option: decimal only, no whitespace
# around them, no hex, no leading '+' (exit 2, one line).
TESTS += tests/uifix_options.sh
EXTRA_DIST += tests/uifix_options.sh

# "an LSTM with 1 layer of 1 unit", "1 epoch": the model described in good
# English in messages, --view, --compare and --bench.
TESTS += tests/uifix_grammar.sh
EXTRA_DIST += tests/uifix_grammar.sh
