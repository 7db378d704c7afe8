import ScopeUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the terminal's own background is light, so the explorer can start with a theme that
/// reads on it: from `COLORFGBG` (rxvt, Konsole and others set it) or by asking the terminal (the
/// OSC 11 colour query, answered by xterm, VTE, kitty, iTerm2, tmux and most others).
public enum TerminalBackground {
    /// `COLORFGBG` ("fg;bg" or "fg;default;bg", ANSI colour numbers): true for a light background
    /// (7, light grey, or a bright colour 9...15), false for a dark one, nil when it does not say.
    public static func isLight(colorFGBG value: String) -> Bool? {
        guard let last = value.split(separator: ";").last, let bg = Int(last), (0...15).contains(bg) else { return nil }
        return bg == 7 || bg >= 9
    }

    /// The colour in an OSC 11 reply (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB` then BEL or ST; 1 to 4 hex digits
    /// a channel), or nil when `bytes` holds none.
    public static func parseReply(_ bytes: [UInt8]) -> RGB? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "]11;rgb:") else { return nil }
        var channels: [UInt8] = []
        var digits = ""
        for ch in text[start.upperBound...] {
            if ch.isHexDigit && digits.count < 4 {
                digits.append(ch)
                continue
            }
            guard !digits.isEmpty, let v = UInt32(digits, radix: 16) else { return nil }
            // Scale n hex digits to 8 bits: "ff" and "ffff" are both 255.
            let maxValue = (UInt32(1) << (4 * UInt32(digits.count))) - 1
            channels.append(UInt8((v * 255 + maxValue / 2) / maxValue))
            digits = ""
            if channels.count == 3 { break }
            guard ch == "/" else { return nil }
        }
        return channels.count == 3 ? RGB(channels[0], channels[1], channels[2]) : nil
    }

    /// True when `c` is a light background (dark text reads on it).
    public static func isLight(_ c: RGB) -> Bool { OKLab(c).l > 0.6 }

    /// Asks the terminal (`output`, answering on `input`) for its background colour and waits at most `timeoutMilliseconds`.
    /// The query is followed by a device-attributes request (`ESC [ c`), which every terminal answers,
    /// so a terminal that ignores OSC 11 costs one round trip, not the timeout, and no late reply is
    /// left to be read as typing. Call before curses starts; the tty's modes are put back.
    public static func query(input fd: Int32, output: Int32, timeoutMilliseconds: Int32 = 400) -> RGB? {
        guard isatty(fd) == 1, isatty(output) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(fd, TCSANOW, &saved) }
        let request = Array("\u{1B}]11;?\u{1B}\\\u{1B}[c".utf8)
        let written = request.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
        guard written == request.count else { return nil }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        let deadline = monotonicMilliseconds() + Int64(timeoutMilliseconds)
        while reply.count < 4096 {
            let left = deadline - monotonicMilliseconds()
            guard left > 0 else { break }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(left)) > 0 else { break }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            reply += buffer[0..<n]
            if endsWithDeviceAttributes(reply) { break }
        }
        return parseReply(reply)
    }

    /// True once `bytes` holds the primary device-attributes reply, `ESC [ ? ... c`.
    static func endsWithDeviceAttributes(_ bytes: [UInt8]) -> Bool {
        guard let last = bytes.lastIndex(of: UInt8(ascii: "c")), last >= 2 else { return false }
        var i = last - 1
        while i > 0, bytes[i] == UInt8(ascii: ";") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) {
            i -= 1
        }
        return i >= 2 && bytes[i] == UInt8(ascii: "?") && bytes[i - 1] == UInt8(ascii: "[") && bytes[i - 2] == 0x1B
    }

    static func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
