#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// Wide-character ncurses: _XOPEN_SOURCE_EXTENDED must come before <ncurses.h>.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/ncurses.h>

// Swift cannot call C macros; these wrap the ones bertscope needs.
static inline int cncw_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cncw_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int cncw_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline WINDOW *cncw_stdscr(void) { return stdscr; }
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
static inline mmask_t cncw_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t cncw_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cncw_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t cncw_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t cncw_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t cncw_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t cncw_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
#endif
