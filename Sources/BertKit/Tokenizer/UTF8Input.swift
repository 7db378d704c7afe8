/// Text arriving as bytes (standard input): checked as UTF-8 before it becomes a `String`, so invalid input is an
/// error naming where it breaks instead of text silently repaired with U+FFFD. NUL and every control character
/// are valid UTF-8 and arrive intact.
public enum UTF8Input {
    /// Why some bytes are not UTF-8: the offset of the first byte of the first malformed sequence, and that byte.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        /// Offset of the malformed sequence's first byte.
        public let offset: Int
        /// That byte.
        public let byte: UInt8
        /// Names the source of the bytes in the message.
        public let source: String

        /// One line naming the source, the byte offset and the byte.
        public var description: String {
            "\(source) is not UTF-8: invalid byte 0x\(String(byte, radix: 16, uppercase: true)) at byte offset \(offset)"
        }
    }

    /// The text of `bytes`, or `Invalid` naming the first malformed sequence (overlong forms, surrogates, code
    /// points past U+10FFFF and truncated sequences are malformed, as the Unicode standard says).
    public static func decode(_ bytes: [UInt8], source: String) throws -> String {
        if let offset = firstInvalidOffset(bytes) {
            throw Invalid(offset: offset, byte: bytes[offset], source: source)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first byte of the first malformed sequence, nil when all of `bytes` is UTF-8.
    public static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            // Table 3-7 of the Unicode standard: the lead byte fixes the length and the second byte's range.
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return i
            }
            guard i + 1 < n, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
            for k in 2..<length {
                guard i + k < n, bytes[i + k] & 0xC0 == 0x80 else { return i }
            }
            i += length
        }
        return nil
    }
}
