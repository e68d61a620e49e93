# Tests of headless sweeps and their logs read back (issue 13). The screen's
# sweep tests are in tests/sweep_ui.mk.
TESTS += tests/sweep_cli.sh tests/sweep_parallel.sh
EXTRA_DIST += tests/sweep_cli.sh tests/sweep_parallel.sh bench/sweep.sh \
	docs/sweep-length.svg docs/sweep-length.txt
