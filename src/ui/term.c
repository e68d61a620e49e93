/*
 * term.c - curses setup, the two colour tables and the signal flag.
 */
#include "config.h"

#include "ui/term.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static SCREEN *screen;
static bool active, mono;
static volatile sig_atomic_t signal_seen;
static struct sigaction old_int, old_term, old_hup;

/* Colour table: foreground, background (-1 the terminal's own), flags. */
static const struct { short fg, bg; attr_t flags; } color_table[UI_COLOR_COUNT] = {
    [UI_COLOR_NORMAL]  = { -1, -1, A_NORMAL },
    [UI_COLOR_TITLE]   = { COLOR_BLACK, COLOR_CYAN, A_BOLD },
    [UI_COLOR_STATUS]  = { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
    [UI_COLOR_HEADING] = { COLOR_CYAN, -1, A_BOLD },
    [UI_COLOR_FOCUS]   = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
    [UI_COLOR_DIM]     = { COLOR_BLUE, -1, A_BOLD },
    [UI_COLOR_AXIS]    = { -1, -1, A_NORMAL },
    [UI_COLOR_LOSS]    = { COLOR_YELLOW, -1, A_BOLD },
    [UI_COLOR_VAL]     = { COLOR_CYAN, -1, A_BOLD },
    [UI_COLOR_REF]     = { COLOR_MAGENTA, -1, A_DIM },
    [UI_COLOR_GOOD]    = { COLOR_GREEN, -1, A_BOLD },
    [UI_COLOR_BAD]     = { COLOR_RED, -1, A_BOLD },
    [UI_COLOR_BIG]     = { COLOR_BLACK, COLOR_GREEN, A_BOLD },
    [UI_COLOR_OVERLAY] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
    [UI_COLOR_RNN]     = { COLOR_MAGENTA, -1, A_BOLD },
    [UI_COLOR_LSTM]    = { COLOR_GREEN, -1, A_BOLD },
    [UI_COLOR_GRU]     = { COLOR_CYAN, -1, A_BOLD },
    [UI_COLOR_HEAT0]   = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
    [UI_COLOR_HEAT1]   = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
    [UI_COLOR_HEAT2]   = { -1, -1, A_NORMAL },
    [UI_COLOR_HEAT3]   = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL },
    [UI_COLOR_HEAT4]   = { COLOR_WHITE, COLOR_RED, A_BOLD },
};

/* Monochrome table: what a VT100 can show. */
static const attr_t mono_table[UI_COLOR_COUNT] = {
    [UI_COLOR_NORMAL]  = A_NORMAL,
    [UI_COLOR_TITLE]   = A_REVERSE,
    [UI_COLOR_STATUS]  = A_REVERSE,
    [UI_COLOR_HEADING] = A_BOLD,
    [UI_COLOR_FOCUS]   = A_REVERSE,
    [UI_COLOR_DIM]     = A_NORMAL,
    [UI_COLOR_AXIS]    = A_NORMAL,
    [UI_COLOR_LOSS]    = A_BOLD,
    [UI_COLOR_VAL]     = A_NORMAL,
    [UI_COLOR_REF]     = A_DIM,
    [UI_COLOR_GOOD]    = A_NORMAL,
    [UI_COLOR_BAD]     = A_BOLD | A_UNDERLINE,
    [UI_COLOR_BIG]     = A_REVERSE | A_BOLD,
    [UI_COLOR_OVERLAY] = A_NORMAL,
    [UI_COLOR_RNN]     = A_NORMAL,       /* the glyphs tell the cells apart */
    [UI_COLOR_LSTM]    = A_BOLD,
    [UI_COLOR_GRU]     = A_NORMAL,
    [UI_COLOR_HEAT0]   = A_NORMAL,       /* the ramp characters carry the scale */
    [UI_COLOR_HEAT1]   = A_NORMAL,
    [UI_COLOR_HEAT2]   = A_NORMAL,
    [UI_COLOR_HEAT3]   = A_NORMAL,
    [UI_COLOR_HEAT4]   = A_BOLD,
};

static void on_signal(int sig)
{
    if (!signal_seen)
        signal_seen = sig;
}

int term_signal_seen(void)
{
    return signal_seen;
}

bool term_monochrome(void)
{
    return mono;
}

attr_t term_attr(enum ui_color c)
{
    if ((unsigned)c >= UI_COLOR_COUNT)
        c = UI_COLOR_NORMAL;
    if (mono)
        return mono_table[c];
    return COLOR_PAIR((int)c) | color_table[c].flags;
}

static bool no_color_env(void)
{
    const char *s = getenv("NO_COLOR");      /* no-color.org: set and not empty */
    return s && *s;
}

bool term_check(const char **why)
{
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0) {
        *why = "this terminal cannot show the screen (TERM is unset or \"dumb\"); "
               "use --headless to train without it";
        return false;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *why = "standard input and output must be a terminal for the screen; "
               "use --headless to train without it";
        return false;
    }
    return true;
}

bool term_init(bool no_color, const char **why)
{
    if (!term_check(why))
        return false;
    /* The dispositions from before curses, put back by term_fini(). */
    sigaction(SIGINT, NULL, &old_int);
    sigaction(SIGTERM, NULL, &old_term);
    sigaction(SIGHUP, NULL, &old_hup);
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        *why = "cannot start curses for this terminal type (see TERM); "
               "use --headless to train without it";
        return false;
    }
    set_term(screen);
    active = true;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    timeout(100);
    curs_set(0);

    mono = no_color || no_color_env() || !has_colors();
    if (!mono && start_color() == OK) {
        use_default_colors();
        for (int c = 1; c < UI_COLOR_COUNT; c++)
            init_pair((short)c, color_table[c].fg, color_table[c].bg);
    } else {
        mono = true;
    }

    /* After newterm(), which installs ncurses' own SIGINT/SIGTERM cleanup:
     * ours replaces it and only sets a flag; the loop cancels the job and
     * restores the terminal itself. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    return true;
}

void term_fini(void)
{
    if (!active)
        return;
    active = false;
    curs_set(1);
    endwin();
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    delscreen(screen);
    screen = NULL;
}
