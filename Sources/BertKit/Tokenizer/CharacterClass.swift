/// HuggingFace's character classes on unicode scalars: `_is_whitespace`, `_is_control`, `_is_punctuation`
/// (transformers' tokenization_python.py) and `BasicTokenizer._is_chinese_char` (tokenization_bert_legacy.py).
///
/// Python asks `unicodedata` (the interpreter's Unicode version); we ask the Swift runtime's, so a character
/// assigned after the reference venv's Unicode 14 is a symbol here (as in BertTokenizerFast and newer Pythons)
/// where Python 3.11 would call it unassigned (`Cn`) and drop it.
enum CharacterClass {
    /// `_is_whitespace`: space, `\t`, `\n`, `\r`, and general category `Zs`.
    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D }
        return s.properties.generalCategory == .spaceSeparator
    }

    /// `_is_control`: every `C*` category (Cc, Cf, Cs, Co, Cn) except `\t`, `\n`, `\r`, which are whitespace.
    @inline(__always)
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// `_is_punctuation`: all non-alphanumeric printable ASCII (33-47, 58-64, 91-96, 123-126) and every `P*` category.
    @inline(__always)
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// `_is_chinese_char`: the CJK Unified Ideographs blocks (not Hangul, Hiragana or Katakana).
    @inline(__always)
    static func isChinese(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x3400 { return false }
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x2A6DF)
            || (v >= 0x2A700 && v <= 0x2B73F) || (v >= 0x2B740 && v <= 0x2B81F) || (v >= 0x2B820 && v <= 0x2CEAF)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x2F800 && v <= 0x2FA1F)
    }

    /// Separators Python's `str.split()` honours that survive `_clean_text`: U+2028 LINE SEPARATOR (Zl) and
    /// U+2029 PARAGRAPH SEPARATOR (Zp). The rest of `str.isspace` is `Zs` or a control character.
    @inline(__always)
    static func isLineOrParagraphSeparator(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x2028 || s.value == 0x2029
    }
}
