# The program: a thin main, the options, the headless front end and the UI.
bin_PROGRAMS += src/rnntui
src_rnntui_SOURCES = src/main.c src/options.c src/options.h \
	src/headless.c src/headless.h src/bench.c src/bench.h \
	src/runfiles.c src/runfiles.h src/compare.c src/compare.h src/memlimit.c src/memlimit.h \
	src/sweep_cli.c src/sweep_cli.h $(UI_SOURCES)
src_rnntui_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
src_rnntui_LDADD = $(RNNCORE_LIBS) $(NCURSESW_LIBS)
