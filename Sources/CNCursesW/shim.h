#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// Wide-character ncurses: _XOPEN_SOURCE_EXTENDED must come before <ncurses.h>.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

// Swift cannot call C macros; these wrap the ones bertscope needs.
static inline int cncw_color_pair(int n) { return COLOR_PAIR(n); }
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
static inline int cncw_key_resize(void) { return KEY_RESIZE; }
static inline int cncw_key_mouse(void) { return KEY_MOUSE; }
static inline int cncw_key_f(int n) { return KEY_F(n); }
static inline mmask_t cncw_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t cncw_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cncw_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t cncw_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t cncw_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t cncw_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t cncw_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t cncw_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

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

// ---------------------------------------------------------------------------------------------
// Terminal guard: restores the terminal on signals, crashes and exit().
//
// The state below is `static`, so every Swift file that calls these functions would get its own
// copy: call them from ONE Swift file only (NCursesBackend/TerminalGuard.swift). Every variable has an
// initializer: Swift's importer does not emit C tentative definitions.
//
// Graceful signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) only record the signal and wake the loop
// through a self-pipe; the loop then runs endwin() itself. A second graceful signal while one is
// pending, a crash signal, or exit() while active writes the restore bytes captured at start-up
// and the original termios straight to the tty (both async-signal-safe) before dying.
// ---------------------------------------------------------------------------------------------

#define CNCW_RESTORE_MAX 512
#define CNCW_NSIG 65

static volatile sig_atomic_t cncw_guard_active = 0;
static volatile sig_atomic_t cncw_guard_pending = 0;
static int cncw_guard_tty_fd = -1;
static int cncw_guard_have_termios = 0;
static struct termios cncw_guard_termios = {0};
static char cncw_guard_restore[CNCW_RESTORE_MAX] = {0};
static size_t cncw_guard_restore_len = 0;
static int cncw_guard_wake_read = -1;
static int cncw_guard_wake_write = -1;
static struct sigaction cncw_guard_previous[CNCW_NSIG] = {{{0}}};
static int cncw_guard_installed[CNCW_NSIG] = {0};
static int cncw_guard_atexit_registered = 0;

/// Writes the restore bytes and the saved termios (async-signal-safe); runs at most once per activation.
static inline void cncw_guard_emergency_restore(void) {
    if (!cncw_guard_active) return;
    cncw_guard_active = 0;
    if (cncw_guard_tty_fd >= 0) {
        size_t off = 0;
        while (off < cncw_guard_restore_len) {
            ssize_t n = write(cncw_guard_tty_fd, cncw_guard_restore + off, cncw_guard_restore_len - off);
            if (n <= 0) break;
            off += (size_t)n;
        }
        if (cncw_guard_have_termios) tcsetattr(cncw_guard_tty_fd, TCSANOW, &cncw_guard_termios);
    }
}

static inline void cncw_guard_wake(void) {
    if (cncw_guard_wake_write >= 0) {
        int saved = errno;
        char b = 1;
        (void)!write(cncw_guard_wake_write, &b, 1);
        errno = saved;
    }
}

static inline void cncw_guard_graceful_handler(int sig) {
    if (cncw_guard_pending != 0 && cncw_guard_active) {
        // The loop did not get to it (hung?): restore now and die of the signal.
        cncw_guard_emergency_restore();
        signal(sig, SIG_DFL);
        raise(sig);
        _exit(128 + sig);
    }
    cncw_guard_pending = sig;
    cncw_guard_wake();
}

static inline void cncw_guard_crash_handler(int sig, siginfo_t *info, void *context) {
    cncw_guard_emergency_restore();
    // Hand over to whoever was there before (e.g. Swift's backtracer), else die the default way.
    struct sigaction *prev = (sig > 0 && sig < CNCW_NSIG) ? &cncw_guard_previous[sig] : NULL;
    if (prev != NULL) sigaction(sig, prev, NULL);
    if (prev != NULL && (prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction != NULL) {
        prev->sa_sigaction(sig, info, context);
        return;
    }
    if (prev != NULL && prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN && prev->sa_handler != NULL) {
        prev->sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void cncw_guard_atexit(void) { cncw_guard_emergency_restore(); }

static inline int cncw_guard_install_one(int sig, int crash) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (crash) {
        sa.sa_sigaction = cncw_guard_crash_handler;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    } else {
        sa.sa_handler = cncw_guard_graceful_handler;
        sa.sa_flags = 0;  // no SA_RESTART: poll() returns EINTR and the loop looks at once
    }
    if (sigaction(sig, &sa, &cncw_guard_previous[sig]) != 0) return -1;
    cncw_guard_installed[sig] = 1;
    return 0;
}

/// Creates the wake pipe (non-blocking, close-on-exec). Returns its read end, or -1.
static inline int cncw_guard_open_wake_pipe(void) {
    if (cncw_guard_wake_read >= 0) return cncw_guard_wake_read;
    int fds[2];
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    cncw_guard_wake_read = fds[0];
    cncw_guard_wake_write = fds[1];
    return fds[0];
}

/// Wakes the loop from any thread (the encode worker uses this when a result is ready).
static inline void cncw_guard_wake_loop(void) { cncw_guard_wake(); }

/// Empties the wake pipe.
static inline void cncw_guard_drain_wake_pipe(void) {
    char buf[64];
    if (cncw_guard_wake_read < 0) return;
    while (read(cncw_guard_wake_read, buf, sizeof buf) > 0) {
    }
}

/// Saves the tty's termios, takes the restore bytes and installs the handlers. Call before newterm
/// (so ncurses keeps our SIGINT/SIGTERM handlers instead of installing its own).
static inline int cncw_guard_activate(int tty_fd, const char *restore, size_t restore_len) {
    cncw_guard_tty_fd = tty_fd;
    cncw_guard_have_termios = tcgetattr(tty_fd, &cncw_guard_termios) == 0;
    if (restore_len > CNCW_RESTORE_MAX) restore_len = CNCW_RESTORE_MAX;
    memcpy(cncw_guard_restore, restore, restore_len);
    cncw_guard_restore_len = restore_len;
    cncw_guard_pending = 0;
    if (cncw_guard_open_wake_pipe() < 0) return -1;
    int graceful[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    int crash[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof graceful / sizeof graceful[0]; i++) cncw_guard_install_one(graceful[i], 0);
    for (size_t i = 0; i < sizeof crash / sizeof crash[0]; i++) cncw_guard_install_one(crash[i], 1);
    signal(SIGPIPE, SIG_IGN);
    if (!cncw_guard_atexit_registered) {
        atexit(cncw_guard_atexit);
        cncw_guard_atexit_registered = 1;
    }
    cncw_guard_active = 1;
    return 0;
}

/// Replaces the restore bytes (once curses is up and the real capability strings are known).
static inline void cncw_guard_set_restore(const char *restore, size_t restore_len) {
    if (restore_len > CNCW_RESTORE_MAX) restore_len = CNCW_RESTORE_MAX;
    sig_atomic_t was = cncw_guard_active;
    cncw_guard_active = 0;
    memcpy(cncw_guard_restore, restore, restore_len);
    cncw_guard_restore_len = restore_len;
    cncw_guard_active = was;
}

/// The graceful signal received since activation (0 when none).
static inline int cncw_guard_pending_signal(void) { return cncw_guard_pending; }

/// After a clean endwin(): stops guarding and puts the previous signal handlers back.
static inline void cncw_guard_deactivate(void) {
    cncw_guard_active = 0;
    for (int sig = 1; sig < CNCW_NSIG; sig++) {
        if (cncw_guard_installed[sig]) {
            sigaction(sig, &cncw_guard_previous[sig], NULL);
            cncw_guard_installed[sig] = 0;
        }
    }
}

/// Dies of `sig` the default way (after the terminal was restored), so the exit status tells.
__attribute__((noreturn)) static inline void cncw_die_of_signal(int sig) {
    signal(sig, SIG_DFL);
    raise(sig);
    _exit(128 + sig);
}
#endif
