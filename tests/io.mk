# Tests of run logs, weights, data export and plots.

# The file modules of the core, through their API (link only the core).
check_PROGRAMS += tests/test_weights tests/test_runlog tests/test_npy tests/test_plot
tests_test_weights_SOURCES = tests/test_weights.c tests/check.h tests/io_util.h
tests_test_weights_LDADD = $(RNNCORE_LIBS)
tests_test_runlog_SOURCES = tests/test_runlog.c tests/check.h tests/io_util.h
tests_test_runlog_LDADD = $(RNNCORE_LIBS)
tests_test_npy_SOURCES = tests/test_npy.c tests/check.h tests/io_util.h
tests_test_npy_LDADD = $(RNNCORE_LIBS)
tests_test_plot_SOURCES = tests/test_plot.c tests/check.h tests/io_util.h
tests_test_plot_LDADD = $(RNNCORE_LIBS)
TESTS += tests/test_weights tests/test_runlog tests/test_npy tests/test_plot

# The loaders on the seed corpus and deterministic mutations of it, with any
# compiler; tests/fuzz.sh runs the same harnesses under libFuzzer briefly
# when clang can build them (skipped otherwise; FUZZ_SECONDS sets the time
# per harness, 0 skips).
check_PROGRAMS += tests/fuzz_weights_replay tests/fuzz_runlog_replay
tests_fuzz_weights_replay_SOURCES = tests/fuzz_weights.c tests/fuzz_replay.c tests/fuzz.h
tests_fuzz_weights_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_CORPUS='"weights"'
tests_fuzz_weights_replay_LDADD = $(RNNCORE_LIBS)
tests_fuzz_runlog_replay_SOURCES = tests/fuzz_runlog.c tests/fuzz_replay.c tests/fuzz.h
tests_fuzz_runlog_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_CORPUS='"runlog"'
tests_fuzz_runlog_replay_LDADD = $(RNNCORE_LIBS)
TESTS += tests/fuzz_weights_replay tests/fuzz_runlog_replay tests/fuzz.sh

# The real binary as a user drives it; io_python.sh reads its files back
# with Python's csv, json, xml and struct modules (skipped without python3).
TESTS += tests/io_cli.sh tests/io_python.sh
EXTRA_DIST += tests/fuzz.sh tests/io_cli.sh tests/io_python.sh \
	tests/corpus/weights/gru_2x2.json tests/corpus/weights/rnn_1x1.json \
	tests/corpus/weights/lstm_1x2_python.json tests/corpus/weights/nan.json \
	tests/corpus/weights/crash-newline-in-key.json \
	tests/corpus/runlog/crash-control-in-message.jsonl \
	tests/corpus/runlog/ours.csv tests/corpus/runlog/keras.csv \
	tests/corpus/runlog/done.jsonl tests/corpus/runlog/diverged.jsonl \
	tests/corpus/runlog/cancelled.jsonl tests/corpus/runlog/interrupted.jsonl
