#ifndef CSIGNALS_H
#define CSIGNALS_H
// The terminal guard's signal handling: one copy of its state, in csignals.c, for the whole process.
//
// A graceful signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) restores the terminal at once, inside the
// handler (the restore bytes and the saved termios go straight to the tty, then the tty descriptor
// is pointed at /dev/null so nothing more of the UI reaches the shell's screen), records the signal
// and wakes the run loop through a self-pipe; the loop then ends and the process exits with
// 128 + signal. A supervisor's SIGKILL right after the first signal therefore finds a sane terminal.
// A second graceful signal while one is pending ends the process from the handler. A crash signal
// restores the terminal and hands over to the previous handler (Swift's backtracer); exit() while
// active restores it too.
#include <stddef.h>

/// Saves the tty's termios, keeps the restore bytes and installs the handlers (call before newterm,
/// so ncurses keeps ours). Returns 0, or -1 when the wake pipe or /dev/null cannot be opened.
int bsig_guard_activate(int tty_fd, const char *restore, size_t restore_len);

/// Replaces the bytes an emergency restore writes (once curses is up and the capabilities are known).
void bsig_guard_set_restore(const char *restore, size_t restore_len);

/// Stops guarding after a clean teardown and puts the previous signal handlers back.
void bsig_guard_deactivate(void);

/// The graceful signal received since activation, or 0.
int bsig_guard_pending_signal(void);

/// True (1) once the terminal has been restored by a signal: the UI must not draw any more.
int bsig_guard_restored(void);

/// Opens the wake pipe (non-blocking, close-on-exec) if needed and returns its read end, or -1.
int bsig_wake_pipe_open(void);

/// Makes a poll() on the wake pipe return (async-signal-safe, any thread).
void bsig_wake(void);

/// Reads everything in the wake pipe, so poll() blocks again; returns the bytes read.
int bsig_wake_pipe_drain(void);

/// Ends the process after the terminal was given back: SIGQUIT exits with status 131 (no core
/// dump of a deliberate quit), the other signals die of themselves, so the shell reports 128 + signal.
__attribute__((noreturn)) void bsig_exit_for_signal(int sig);

#endif
