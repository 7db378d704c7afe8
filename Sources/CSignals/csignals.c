// See csignals.h. Everything a handler touches is async-signal-safe: write, tcsetattr, dup2,
// sigaction, raise, _exit.
#include "csignals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define BSIG_RESTORE_MAX 1024
#define BSIG_NSIG 65

static volatile sig_atomic_t guard_active = 0;
static volatile sig_atomic_t guard_pending = 0;
static volatile sig_atomic_t guard_restored = 0;
static int guard_tty_fd = -1;
static int guard_null_fd = -1;
static int guard_have_termios = 0;
static struct termios guard_termios;
static char guard_restore[BSIG_RESTORE_MAX];
static size_t guard_restore_len = 0;
static int wake_read = -1;
static int wake_write = -1;
static struct sigaction guard_previous[BSIG_NSIG];
static int guard_installed[BSIG_NSIG];
static int guard_atexit_registered = 0;

static const int graceful_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};

static void write_all(int fd, const char *bytes, size_t len) {
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, bytes + off, len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        off += (size_t)n;
    }
}

/// Writes the restore bytes and the saved termios; runs at most once per activation.
static void emergency_restore(void) {
    if (!guard_active) return;
    guard_active = 0;
    if (guard_tty_fd < 0) return;
    int saved = errno;
    // CAN aborts an escape sequence ncurses may have been half-way through writing, so the
    // terminal reads the restore bytes as the sequences they are.
    write_all(guard_tty_fd, "\x18", 1);
    write_all(guard_tty_fd, guard_restore, guard_restore_len);
    if (guard_have_termios) tcsetattr(guard_tty_fd, TCSADRAIN, &guard_termios);
    // The rest of a frame being drawn, and curses' own teardown, now go nowhere.
    if (guard_null_fd >= 0) dup2(guard_null_fd, guard_tty_fd);
    guard_restored = 1;
    errno = saved;
}

void bsig_wake(void) {
    if (wake_write < 0) return;
    int saved = errno;
    char b = 1;
    ssize_t n = write(wake_write, &b, 1);  // a full pipe already wakes the loop
    (void)n;
    errno = saved;
}

/// Dies of `sig` the default way (its default action, unblocked), or with status 128 + sig if that returns.
__attribute__((noreturn)) static void die_by_default(int sig) {
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

__attribute__((noreturn)) void bsig_exit_for_signal(int sig) {
    if (sig == SIGQUIT) _exit(128 + sig);
    die_by_default(sig);
}

static void graceful_handler(int sig) {
    if (guard_pending != 0) {
        // The loop did not get to the first one (hung?): end now; the terminal is already restored.
        emergency_restore();
        bsig_exit_for_signal(sig);
    }
    emergency_restore();
    guard_pending = sig;
    bsig_wake();
}

static void crash_handler(int sig, siginfo_t *info, void *context) {
    emergency_restore();
    // Hand over to whoever was there before (e.g. Swift's backtracer), else die the default way.
    struct sigaction *prev = (sig > 0 && sig < BSIG_NSIG) ? &guard_previous[sig] : NULL;
    if (prev != NULL) sigaction(sig, prev, NULL);
    if (prev != NULL && (prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction != NULL) {
        prev->sa_sigaction(sig, info, context);
    } else if (prev != NULL && prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN && prev->sa_handler != NULL) {
        prev->sa_handler(sig);
    }
    // The previous handler returned (Swift's backtracer does, after its report; a signal sent with
    // kill would otherwise let the process run on): die of the signal the default way.
    die_by_default(sig);
}

static void at_exit_restore(void) { emergency_restore(); }

static int install_one(int sig, int crash) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (crash) {
        sa.sa_sigaction = crash_handler;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    } else {
        sa.sa_handler = graceful_handler;
        // Block the other graceful signals while one is handled; no SA_RESTART, so poll() returns EINTR.
        for (size_t i = 0; i < sizeof graceful_signals / sizeof graceful_signals[0]; i++) {
            sigaddset(&sa.sa_mask, graceful_signals[i]);
        }
        sa.sa_flags = 0;
    }
    if (sigaction(sig, &sa, &guard_previous[sig]) != 0) return -1;
    guard_installed[sig] = 1;
    return 0;
}

int bsig_wake_pipe_open(void) {
    if (wake_read >= 0) return wake_read;
    int fds[2];
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    wake_read = fds[0];
    wake_write = fds[1];
    return wake_read;
}

int bsig_wake_pipe_drain(void) {
    if (wake_read < 0) return 0;
    char buf[256];
    int total = 0;
    while (1) {
        ssize_t n = read(wake_read, buf, sizeof buf);
        if (n > 0) {
            total += (int)n;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;  // 0 (closed) or EAGAIN: empty
    }
    return total;
}

int bsig_guard_activate(int tty_fd, const char *restore, size_t restore_len) {
    if (bsig_wake_pipe_open() < 0) return -1;
    if (guard_null_fd < 0) {
        guard_null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (guard_null_fd < 0) return -1;
    }
    guard_tty_fd = tty_fd;
    guard_have_termios = tcgetattr(tty_fd, &guard_termios) == 0;
    guard_pending = 0;
    guard_restored = 0;
    bsig_guard_set_restore(restore, restore_len);
    for (size_t i = 0; i < sizeof graceful_signals / sizeof graceful_signals[0]; i++) {
        install_one(graceful_signals[i], 0);
    }
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) install_one(crash_signals[i], 1);
    signal(SIGPIPE, SIG_IGN);
    if (!guard_atexit_registered) {
        atexit(at_exit_restore);
        guard_atexit_registered = 1;
    }
    guard_active = 1;
    return 0;
}

void bsig_guard_set_restore(const char *restore, size_t restore_len) {
    if (restore_len > BSIG_RESTORE_MAX) restore_len = BSIG_RESTORE_MAX;
    if (restore == NULL) restore_len = 0;
    sig_atomic_t was = guard_active;
    guard_active = 0;
    if (restore_len > 0) memcpy(guard_restore, restore, restore_len);
    guard_restore_len = restore_len;
    guard_active = was;
}

void bsig_guard_deactivate(void) {
    guard_active = 0;
    for (int sig = 1; sig < BSIG_NSIG; sig++) {
        if (guard_installed[sig]) {
            sigaction(sig, &guard_previous[sig], NULL);
            guard_installed[sig] = 0;
        }
    }
}

int bsig_guard_pending_signal(void) { return guard_pending; }

int bsig_guard_restored(void) { return guard_restored; }
