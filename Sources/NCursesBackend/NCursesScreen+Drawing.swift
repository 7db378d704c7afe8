import CNCursesW
import ScopeUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NCursesScreen: TerminalScreen {
    /// Puts `buffer` on the screen (see `draw(_:cursor:)`), with the cursor hidden.
    public func draw(_ buffer: CellBuffer) {
        draw(buffer, cursor: nil)
    }

    /// Puts `buffer` on the screen, writing only the cells that differ from the last frame, then
    /// lets ncurses send the difference (`wnoutrefresh` + `doupdate`). Cells outside the current
    /// screen are clipped; a buffer of another size repaints everything once. The terminal's
    /// cursor goes to `cursor` (the input line's caret) or is hidden.
    public func draw(_ buffer: CellBuffer, cursor: (x: Int, y: Int)?) {
        // After a signal gave the terminal back, the shell's screen is not ours to draw on.
        guard isOpen, !(guarded && TerminalGuard.terminalRestored) else { return }
        let win = window
        if !drawCells(buffer, into: win) {
            // The colour-pair table filled up mid-frame: start the numbering over and repaint it all.
            pairs.reset()
            previous = nil
            clearok(cncw_curscr(), true)
            _ = drawCells(buffer, into: win, allowFullTable: true)
        }
        previous = buffer
        placeCursor(cursor, in: win)
        wnoutrefresh(win)
        doupdate()
    }

    /// Shows the cursor at `cursor` when it is on screen, else hides it; `curs_set` only on a change.
    func placeCursor(_ cursor: (x: Int, y: Int)?, in win: Window) {
        let rows = Int(cncw_getmaxy(win))
        let cols = Int(cncw_getmaxx(win))
        if let c = cursor, c.x >= 0, c.y >= 0, c.x < cols, c.y < rows {
            if !cursorVisible {
                curs_set(1)
                leaveok(win, false)
                cursorVisible = true
            }
            wmove(win, Int32(c.y), Int32(c.x))
        } else if cursorVisible {
            curs_set(0)
            leaveok(win, true)
            cursorVisible = false
        }
    }

    /// Makes a waiting `nextEvents` return (from any thread); a no-op off screen.
    public var waker: @Sendable () -> Void {
        if guarded { return { TerminalGuard.wake() } }
        return {}
    }

    /// Forgets the last frame so the next `draw` rewrites every cell and the terminal is repainted
    /// from scratch (after a resize, a resume, or when its contents are not to be trusted).
    public func invalidate() {
        previous = nil
        if isOpen { clearok(cncw_curscr(), true) }
    }

    /// Writes the changed cells; returns false when the pair table ran out (and `allowFullTable` is false).
    func drawCells(_ buffer: CellBuffer, into win: Window, allowFullTable: Bool = false) -> Bool {
        let rows = min(buffer.height, Int(cncw_getmaxy(win)))
        let cols = min(buffer.width, Int(cncw_getmaxx(win)))
        let old = previous.flatMap { $0.width == buffer.width && $0.height == buffer.height ? $0 : nil }
        if old == nil { werase(win) }
        for y in 0..<rows {
            var x = 0
            while x < cols {
                let cell = buffer[x, y]
                if let old, old[x, y] == cell {
                    x += 1
                    continue
                }
                if cell.isContinuation {
                    // Normally covered by the wide character to its left; on its own it is a blank.
                    if x > 0, buffer[x - 1, y].text.first.map(Self.terminalWidth) == 2 {
                        x += 1
                        continue
                    }
                    guard put(" ", style: cell.style, y: y, x: x, win: win, allowFullTable: allowFullTable) else {
                        return false
                    }
                    x += 1
                    continue
                }
                guard
                    put(cell.text, style: cell.style, y: y, x: x, win: win, allowFullTable: allowFullTable, cols: cols)
                else { return false }
                x += 1
            }
        }
        return true
    }

    /// Writes one cell. A glyph the C library finds unprintable, or wider than the buffer laid it
    /// out, is replaced by U+FFFD so columns never drift; one it finds narrower is drawn as is and
    /// its continuation cell becomes a blank.
    func put(
        _ text: String, style: Style, y: Int, x: Int, win: Window, allowFullTable: Bool, cols: Int = .max
    ) -> Bool {
        let look = colors.look(for: style)
        var pair: Int32 = 0
        switch pairs.pair(for: look.colors) {
        case .existing(let n):
            pair = n
        case .new(let n):
            init_extended_pair(n, look.colors.fg, look.colors.bg)
            pair = n
        case .full:
            guard allowFullTable else { return false }
            pair = 0
        }
        let attrs = Self.attributes(look.attributes)
        let scalars = text.unicodeScalars
        guard let first = scalars.first else { return true }
        let laidOut = DisplayWidth.of(first) == 2 ? 2 : 1
        let width = Self.terminalWidth(first)
        var count = 1
        if width == 1 || (width == 2 && laidOut == 2 && x + 1 < cols) {
            wchars[0] = wchar_t(bitPattern: first.value)
            // Combining marks ride along (ncurses keeps up to 4 per cell); anything else is dropped.
            for s in scalars.dropFirst() where count < 5 && cncw_wcwidth(wchar_t(bitPattern: s.value)) == 0 {
                wchars[count] = wchar_t(bitPattern: s.value)
                count += 1
            }
        } else {
            wchars[0] = 0xFFFD
        }
        wchars[count] = 0
        _ = wchars.withUnsafeBufferPointer { cncw_put_cell(win, Int32(y), Int32(x), $0.baseAddress, attrs, pair) }
        return true
    }

    /// Columns the C library (and so ncurses) gives `ch`'s first scalar.
    static func terminalWidth(_ ch: Character) -> Int {
        ch.unicodeScalars.first.map(terminalWidth) ?? 0
    }

    /// Columns the C library gives `s` (-1 when it is not printable).
    static func terminalWidth(_ s: Unicode.Scalar) -> Int {
        Int(cncw_wcwidth(wchar_t(bitPattern: s.value)))
    }

    /// ncurses attribute bits for `a`.
    static func attributes(_ a: Attributes) -> attr_t {
        var out = cncw_a_normal()
        if a.contains(.bold) { out |= cncw_a_bold() }
        if a.contains(.dim) { out |= cncw_a_dim() }
        if a.contains(.underline) { out |= cncw_a_underline() }
        if a.contains(.reverse) { out |= cncw_a_reverse() }
        if a.contains(.italic) { out |= cncw_a_italic() }
        return out
    }
}
