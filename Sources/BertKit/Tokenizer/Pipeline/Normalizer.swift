/// A tokenizer.json `normalizer`: the HF tokenizers components BERT tokenizers use (normalizers/*.rs).
indirect enum Normalizer: Sendable, Equatable {
    /// `BertNormalizer` (normalizers/bert.rs): clean the text, space out CJK ideographs, strip accents
    /// (NFD, then drop Mn), lower-case; in that order. `stripAccents` nil follows `lowercase`.
    case bert(cleanText: Bool, handleChineseChars: Bool, stripAccents: Bool?, lowercase: Bool)
    /// `Sequence`: each in turn.
    case sequence([Normalizer])
    /// `NFC`, `NFD`, `NFKC`, `NFKD` (normalizers/unicode.rs).
    case unicode(UnicodeNormalization.Form)
    /// `Lowercase` (Rust `char::to_lowercase`, scalar by scalar: no final-sigma rule).
    case lowercase
    /// `StripAccents` (normalizers/strip.rs): drop combining marks, without decomposing first.
    case stripAccents
    /// `Replace` with a string pattern (normalizers/replace.rs): every non-overlapping occurrence, left to right.
    case replace(pattern: [UInt32], content: [UInt32])
    /// `Strip` (normalizers/strip.rs): leading and/or trailing whitespace removed.
    case strip(left: Bool, right: Bool)

    /// Runs the normalizer over `text`.
    func normalize(_ text: inout NormalizedText) {
        let tables = UnicodeTables.shared
        switch self {
        case .bert(let cleanText, let handleChineseChars, let stripAccents, let lowercase):
            if cleanText {
                // `do_clean_text`: drop NUL, U+FFFD and its is_control; its is_whitespace becomes ' '.
                text.filter { !tables.has($0, UnicodeTables.cleanRemoved) }
                text.map { tables.has($0, UnicodeTables.cleanSpace) ? 0x20 : $0 }
            }
            if handleChineseChars {
                // `do_handle_chinese_chars`: (' ', 0), (c, +1), (' ', +1): all three take c's alignment.
                text.flatMap { tables.has($0, UnicodeTables.chinese) ? [0x20, $0, 0x20] : nil }
            }
            if stripAccents ?? lowercase {
                UnicodeNormalization.apply(.nfd, to: &text)
                text.filter { !tables.has($0, UnicodeTables.nonspacingMark) }
            }
            if lowercase { text.flatMap { tables.lowercased($0) } }
        case .sequence(let normalizers):
            for n in normalizers { n.normalize(&text) }
        case .unicode(let form):
            UnicodeNormalization.apply(form, to: &text)
        case .lowercase:
            text.flatMap { tables.lowercased($0) }
        case .stripAccents:
            text.filter { !tables.has($0, UnicodeTables.combiningMark) }
        case .replace(let pattern, let content):
            Self.replace(&text, pattern, content)
        case .strip(let left, let right):
            Self.strip(&text, left: left, right: right, tables)
        }
    }

    /// HF `NormalizedString::replace`: each match gives way to `content`, whose scalars all take the alignment
    /// of the match's last scalar (they are insertions after it).
    private static func replace(_ text: inout NormalizedText, _ pattern: [UInt32], _ content: [UInt32]) {
        guard !pattern.isEmpty, text.count >= pattern.count else { return }
        var scalars: [UInt32] = []
        var starts: [Int] = []
        var ends: [Int] = []
        var i = 0
        while i < text.count {
            if i + pattern.count <= text.count && text.scalars[i..<(i + pattern.count)].elementsEqual(pattern) {
                let last = i + pattern.count - 1
                for c in content {
                    scalars.append(c)
                    starts.append(text.starts[last])
                    ends.append(text.ends[last])
                }
                i += pattern.count
            } else {
                scalars.append(text.scalars[i])
                starts.append(text.starts[i])
                ends.append(text.ends[i])
                i += 1
            }
        }
        text.scalars = scalars
        text.starts = starts
        text.ends = ends
    }

    /// HF `lrstrip`: leading and trailing Rust-whitespace scalars removed; the rest keep their alignments.
    private static func strip(_ text: inout NormalizedText, left: Bool, right: Bool, _ tables: UnicodeTables) {
        let ws = { (s: UInt32) in tables.has(s, UnicodeTables.whitespace) }
        var lo = 0
        var hi = text.count
        if left { while lo < hi && ws(text.scalars[lo]) { lo += 1 } }
        if right { while hi > lo && ws(text.scalars[hi - 1]) { hi -= 1 } }
        var index = 0
        text.filter { _ in
            defer { index += 1 }
            return index >= lo && index < hi
        }
    }
}
