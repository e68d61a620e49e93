# The curses front end: the only code that includes <curses.h>. chart.c and
# heat.c do not; tests/test_chart and tests/test_heat build them without curses.
UI_SOURCES = \
	src/ui/ui.h \
	src/ui/app.c src/ui/app.h \
	src/ui/input.c src/ui/input.h \
	src/ui/view.c src/ui/view.h \
	src/ui/chart.c src/ui/chart.h \
	src/ui/term.c src/ui/term.h \
	src/ui/compare_ui.c src/ui/compare_ui.h \
	src/ui/sweep_ui.c src/ui/sweep_ui.h \
	src/ui/states.c src/ui/states.h \
	src/ui/heat.c src/ui/heat.h \
	src/ui/draw.c src/ui/draw.h \
	src/ui/files.c src/ui/files.h \
	src/ui/prompt.c src/ui/prompt.h \
	src/ui/gradflow_ui.c src/ui/gradflow_ui.h \
	src/ui/flowchart.c src/ui/flowchart.h
