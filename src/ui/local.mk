# The curses front end: the only code that includes <curses.h>. chart.c does
# not; tests/test_chart builds it without curses.
UI_SOURCES = \
	src/ui/ui.h \
	src/ui/app.c src/ui/app.h \
	src/ui/input.c src/ui/input.h \
	src/ui/view.c src/ui/view.h \
	src/ui/chart.c src/ui/chart.h \
	src/ui/term.c src/ui/term.h
