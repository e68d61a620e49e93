# The curses front end: the only code that includes <curses.h>.
UI_SOURCES =
