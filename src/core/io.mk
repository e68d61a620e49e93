# Run logs, weights files, data export and SVG plots: the curses-free file
# side of the core (issue 5). Part of librnncore.a (and the double build).
src_core_librnncore_a_SOURCES += \
	src/core/iofile.c src/core/iofile_impl.h \
	src/core/json.c src/core/json.h \
	src/core/runlog.c src/core/runlog_read.c src/core/runlog_impl.h \
	src/core/weights.c src/core/npy.c src/core/plot_svg.c \
	include/rnntui/iofile.h include/rnntui/runlog.h include/rnntui/weights.h \
	include/rnntui/npy.h include/rnntui/plot.h
