#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// Wide-character ncurses: _XOPEN_SOURCE_EXTENDED must come before <ncurses.h>.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

// Swift cannot call C macros; these wrap the ones bertscope needs.
static inline int cncw_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int cncw_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline WINDOW *cncw_stdscr(void) { return stdscr; }
static inline WINDOW *cncw_curscr(void) { return curscr; }
static inline int cncw_colors(void) { return COLORS; }
static inline int cncw_color_pairs(void) { return COLOR_PAIRS; }
static inline int cncw_lines(void) { return LINES; }
static inline int cncw_cols(void) { return COLS; }
static inline attr_t cncw_a_bold(void) { return A_BOLD; }
static inline attr_t cncw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cncw_a_reverse(void) { return A_REVERSE; }
static inline attr_t cncw_a_dim(void) { return A_DIM; }
static inline attr_t cncw_a_italic(void) { return A_ITALIC; }
static inline attr_t cncw_a_normal(void) { return A_NORMAL; }

/// Writes one cell: the spacing character `wch[0]` plus up to four combining marks, NUL-terminated,
/// with attributes and an extended colour pair (ncurses 6.1+: the pair goes through `opts`).
static inline int cncw_put_cell(WINDOW *w, int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t c;
    if (setcchar(&c, wch, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(w, y, x, &c);
}

/// A terminfo string capability, or NULL when absent or not a string (tigetstr's (char *)-1).
static inline const char *cncw_tigetstr(const char *name) {
    char *s = tigetstr(name);
    return (s == NULL || s == (char *)-1) ? NULL : s;
}

/// What the terminfo entry for a terminal type says, read without starting curses.
typedef struct {
    int found;            // 1 when setupterm accepted the type
    int setupterm_error;  // setupterm's errret: 1 ok, 0 not found or generic, -1 no database
    int colors;           // the `colors` number (-1 when absent)
    int has_rgb;          // the `RGB` flag (direct colour), 1 when present
    int has_cup;          // cursor addressing, required for a full-screen UI
    int is_generic;       // the `gn` flag (e.g. `dumb`)
    int is_hard_copy;     // the `hc` flag
} cncw_terminfo_t;

/// Looks up `term` in the terminfo database and forgets it again (cur_term is put back as it was).
/// (Field names avoid the capability macros of <term.h>, such as `hard_copy`.)
static inline cncw_terminfo_t cncw_probe_terminfo(const char *term, int fd) {
    cncw_terminfo_t info;
    memset(&info, 0, sizeof info);
    info.colors = -1;
    int err = 0;
    TERMINAL *previous = cur_term;
    if (setupterm(term, fd, &err) != OK) {
        info.setupterm_error = err;
        return info;
    }
    info.found = 1;
    info.setupterm_error = err;
    info.colors = tigetnum("colors");
    info.has_rgb = tigetflag("RGB") > 0;
    info.has_cup = cncw_tigetstr("cup") != NULL;
    info.is_generic = tigetflag("gn") > 0;
    info.is_hard_copy = tigetflag("hc") > 0;
    TERMINAL *probed = set_curterm(previous);
    if (probed != NULL && probed != previous) del_curterm(probed);
    return info;
}

/// The terminal's size from the kernel (rows, cols), or 0 for both when the ioctl fails.
static inline void cncw_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0) {
        *rows = ws.ws_row;
        *cols = ws.ws_col;
    } else {
        *rows = 0;
        *cols = 0;
    }
}

/// Columns the C library gives a wide character (-1 when unprintable); wcwidth needs _XOPEN_SOURCE.
extern int wcwidth(wchar_t);
static inline int cncw_wcwidth(wchar_t c) { return wcwidth(c); }

/// True when the locale's character set is UTF-8.
static inline int cncw_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

#endif
