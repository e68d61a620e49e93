# Tests of the curses screen and the chart renderer.
