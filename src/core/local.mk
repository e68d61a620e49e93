# The curses-free numerical core, linked by the program, tests and benchmarks.
noinst_LIBRARIES += src/core/librnncore.a
src_core_librnncore_a_SOURCES = \
	src/core/status.c \
	src/core/rng.c \
	src/core/data.c \
	src/core/vmath.c src/core/vmath.h \
	src/core/linalg.c src/core/linalg.h src/core/gemm_kernel.h \
	src/core/cell.c src/core/cell_impl.h \
	src/core/cell_rnn.c src/core/cell_lstm.c src/core/cell_gru.c \
	src/core/model.c src/core/orthogonal.c src/core/orthogonal.h \
	src/core/gradflow.c src/core/gradflow_impl.h \
	src/core/optim.c src/core/optim.h \
	src/core/pool.c src/core/pool.h \
	src/core/train.c \
	src/core/sweep.c \
	include/rnntui/status.h include/rnntui/real.h include/rnntui/rng.h \
	include/rnntui/data.h include/rnntui/cell.h include/rnntui/model.h \
	include/rnntui/train.h include/rnntui/gradflow.h include/rnntui/sweep.h
# Round axis ticks, for every chart (the screen's and the SVG's).
src_core_librnncore_a_SOURCES += src/core/ticks.c include/rnntui/ticks.h
# The one rule for numbers a user types (options, --sweep lists).
src_core_librnncore_a_SOURCES += src/core/number.c include/rnntui/number.h

# The same core in double precision, for the gradient checks.
check_LIBRARIES = src/core/librnncore64.a
src_core_librnncore64_a_SOURCES = $(src_core_librnncore_a_SOURCES)
src_core_librnncore64_a_CPPFLAGS = $(AM_CPPFLAGS) -DRNNTUI_DOUBLE

RNNCORE_LIBS = src/core/librnncore.a $(PTHREAD_LIBS) -lm
RNNCORE64_LIBS = src/core/librnncore64.a $(PTHREAD_LIBS) -lm
