# Tests of the fixes of issue 10 (state view, option numbers, grammar, log
# ticks) and of the round axis ticks of issue 12.

# The state view after the length grows (a heap overflow under ASan before),
# and its heading at 80 and 60 columns, in tmux (skipped without tmux).
TESTS += tests/uifix_states.sh
EXTRA_DIST += tests/uifix_states.sh
