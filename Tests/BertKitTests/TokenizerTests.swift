import Foundation
import XCTest

@testable import BertKit

/// A tokenizer over the special tokens plus `words`.
func tinyTokenizer(_ words: [String], options: BertTokenizer.Options = .init()) throws -> BertTokenizer {
    try BertTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words, options: options)
}

extension BertTokenizer {
    /// The word pieces of `text` as the vocabulary spells them, without [CLS]/[SEP].
    func pieceTexts(_ text: String) -> [String] {
        encode(text, maxLength: Int.max).tokens.dropFirst().dropLast().map(\.text)
    }

    /// The spans of `text`'s word pieces.
    func pieceSpans(_ text: String) -> [Range<Int>?] {
        encode(text, maxLength: Int.max).tokens.dropFirst().dropLast().map(\.span)
    }
}

/// Each stage of the tokenizer on its own: cleaning, CJK, case and accents, punctuation, WordPiece.
final class TokenizerTests: XCTestCase {
    // MARK: cleaning

    func testControlCharactersAreDroppedAndJoinTheirNeighbours() throws {
        let t = try tinyTokenizer(["ab", "cd"])
        // NUL, BEL, zero-width space (Cf), BOM (Cf), U+FFFD, soft hyphen (Cf), private use (Co) all vanish.
        XCTAssertEqual(t.pieceTexts("a\u{0}b c\u{200B}d"), ["ab", "cd"])
        XCTAssertEqual(t.pieceSpans("a\u{0}b c\u{200B}d"), [0..<3, 4..<7])
        XCTAssertEqual(t.pieceTexts("\u{FEFF}a\u{7}b\u{FFFD} c\u{AD}d\u{E000}"), ["ab", "cd"])
        XCTAssertEqual(t.pieceTexts("\u{0}\u{1}\u{200B}"), [])
    }

    func testEveryKindOfWhitespaceSeparatesWords() throws {
        let t = try tinyTokenizer(["a", "b"])
        for separator in [" ", "\t", "\n", "\r\n", "\u{A0}", "\u{2003}", "\u{3000}", "\u{2028}", "\u{2029}"] {
            XCTAssertEqual(
                t.pieceTexts("a\(separator)b"), ["a", "b"],
                "separator U+\(separator.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // Vertical tab, form feed and NEL are control characters to HF: dropped, so the words join.
        XCTAssertEqual(t.pieceTexts("a\u{B}b"), ["[UNK]"])
        XCTAssertEqual(t.pieceSpans("a\u{C}b"), [0..<3])
    }

    func testCharacterClassesFollowHuggingFace() {
        let t = UnicodeTables.shared
        func punct(_ c: Unicode.Scalar) -> Bool { t.has(c.value, UnicodeTables.punctuation) }
        XCTAssertTrue(punct("$"))
        XCTAssertTrue(punct("^"))
        XCTAssertTrue(punct("`"))
        XCTAssertTrue(punct("\u{2014}"))  // em dash, Pd
        XCTAssertTrue(punct("\u{300C}"))  // 「, Ps
        XCTAssertFalse(punct("€"))  // Sc, not ASCII
        XCTAssertFalse(punct("a"))
        XCTAssertTrue(t.has(0x200D, UnicodeTables.cleanRemoved))
        XCTAssertTrue(t.has(0x85, UnicodeTables.cleanRemoved))
        XCTAssertFalse(t.has(0x09, UnicodeTables.cleanRemoved))
        XCTAssertTrue(t.has(0x09, UnicodeTables.cleanSpace))
        XCTAssertTrue(t.has(0xA0, UnicodeTables.cleanSpace))
        XCTAssertTrue(t.has(0x4E2D, UnicodeTables.chinese))
        XCTAssertTrue(t.has(0x20000, UnicodeTables.chinese))
        XCTAssertFalse(t.has(0xD55C, UnicodeTables.chinese))  // 한
        XCTAssertFalse(t.has(0x306E, UnicodeTables.chinese))  // の
        // The differences the Swift runtime's Unicode data used to introduce: HF keeps unassigned code points
        // and noncharacters (they are not "other" to its unicode_categories tables).
        XCTAssertFalse(t.has(0x378, UnicodeTables.cleanRemoved))
        XCTAssertFalse(t.has(0xFFFE, UnicodeTables.cleanRemoved))
        XCTAssertFalse(t.has(0x2B820, UnicodeTables.chinese), "a gap in HF's CJK ranges")
    }

    // MARK: CJK

    func testChineseCharactersBecomeWordsOfTheirOwn() throws {
        let t = try tinyTokenizer(["中", "文", "x", "##中", "##x"])
        XCTAssertEqual(t.pieceTexts("x中文x"), ["x", "中", "文", "x"])
        XCTAssertEqual(t.pieceSpans("x中文x"), [0..<1, 1..<2, 2..<3, 3..<4])
        // CJK compatibility ideographs are split, then NFC maps each to its unified twin, one to one.
        let compatibility = try tinyTokenizer(["\u{8C48}", "\u{66F4}"])
        XCTAssertEqual(compatibility.pieceTexts("\u{F900}\u{F901}"), ["\u{8C48}", "\u{66F4}"])
        XCTAssertEqual(compatibility.pieceSpans("\u{F900}\u{F901}"), [0..<1, 1..<2])
        var options = BertTokenizer.Options()
        options.tokenizeChineseChars = false
        let joined = try tinyTokenizer(["中", "##文", "x", "##中", "##x", "##文"], options: options)
        XCTAssertEqual(joined.pieceTexts("x中文x"), ["x", "##中", "##文", "##x"])
    }

    // MARK: case and accents

    func testLowerCasingAndAccentStrippingOnlyWhenUncased() throws {
        let words = ["cafe", "café", "Café", "ecole", "École"]
        let uncased = try tinyTokenizer(words)
        XCTAssertEqual(uncased.pieceTexts("Café ÉCOLE"), ["cafe", "ecole"])
        XCTAssertEqual(uncased.pieceSpans("Café ÉCOLE"), [0..<4, 5..<10])
        let cased = try tinyTokenizer(words, options: .init(doLowerCase: false))
        XCTAssertEqual(cased.pieceTexts("Café café École"), ["Café", "café", "École"])
    }

    func testStripAccentsOverridesDoLowerCase() throws {
        let words = ["cafe", "café", "Cafe"]
        let keep = try tinyTokenizer(words, options: .init(doLowerCase: true, stripAccents: false))
        XCTAssertEqual(keep.pieceTexts("CAFÉ"), ["café"])
        let strip = try tinyTokenizer(words, options: .init(doLowerCase: false, stripAccents: true))
        XCTAssertEqual(strip.pieceTexts("Café"), ["Cafe"])
        XCTAssertTrue(BertTokenizer.Options(doLowerCase: true).stripsAccents)
        XCTAssertFalse(BertTokenizer.Options(doLowerCase: false).stripsAccents)
    }

    func testLowerCaseIsRustsPerScalarMappingWithoutFinalSigma() {
        func lower(_ s: String) -> [UInt32] {
            var text = NormalizedText(s.unicodeScalars.map(\.value), 0..<s.unicodeScalars.count)
            Normalizer.lowercase.normalize(&text)
            return text.scalars
        }
        XCTAssertEqual(lower("ΟΔΟΣ"), "οδοσ".unicodeScalars.map(\.value))
        XCTAssertEqual(lower("aΣ"), "aσ".unicodeScalars.map(\.value))
        XCTAssertEqual(lower("İ"), [0x69, 0x307])
        XCTAssertEqual(lower("ẞ"), "ß".unicodeScalars.map(\.value))
    }

    func testCasedTextIsNeverComposed() throws {
        // transformers 5 runs no NFC for a cased vocabulary: a decomposed é is two scalars, two pieces.
        let cased = try tinyTokenizer(["café", "cafe", "##\u{301}"], options: .init(doLowerCase: false))
        XCTAssertEqual(cased.pieceTexts("cafe\u{301}"), ["cafe", "##\u{301}"])
        XCTAssertEqual(cased.pieceSpans("cafe\u{301}"), [0..<4, 4..<5])
        // Uncased: NFD then the mark dropped; the e keeps its own span.
        let uncased = try tinyTokenizer(["caf", "##e", "cafe"])
        XCTAssertEqual(uncased.pieceTexts("cafe\u{301}"), ["cafe"])
        XCTAssertEqual(uncased.pieceSpans("cafe\u{301}"), [0..<4])
        // A precomposed syllable decomposes to three jamo when accents are stripped, all spanning the syllable.
        let jamo = try tinyTokenizer(["\u{1112}", "##\u{1161}", "##\u{11AB}"])
        XCTAssertEqual(jamo.pieceSpans("한"), [0..<1, 0..<1, 0..<1])
    }

    func testDecompositionAlignsAsHFTransformDoes() {
        // NFD of "xé한": e replaces é, the acute is inserted after it; the jamo after the syllable.
        var text = NormalizedText("xé한".unicodeScalars.map(\.value), 0..<3)
        Normalizer.unicode(.nfd).normalize(&text)
        XCTAssertEqual(text.scalars, [0x78, 0x65, 0x301, 0x1112, 0x1161, 0x11AB])
        XCTAssertEqual(text.starts, [0, 1, 1, 2, 2, 2])
        XCTAssertEqual(text.ends, [1, 2, 2, 3, 3, 3])
        // Canonical reordering: a + acute (230) + dot below (220) becomes a + dot below + acute.
        var marks = NormalizedText([0x61, 0x301, 0x323], 0..<3)
        Normalizer.unicode(.nfd).normalize(&marks)
        XCTAssertEqual(marks.scalars, [0x61, 0x323, 0x301])
        // NFC composes back, the composite keeping the first part's alignment.
        var composed = NormalizedText([0x78, 0x65, 0x301, 0x1100, 0x1161], 0..<5)
        Normalizer.unicode(.nfc).normalize(&composed)
        XCTAssertEqual(composed.scalars, [0x78, 0xE9, 0xAC00])
        XCTAssertEqual(composed.starts, [0, 1, 3])
        XCTAssertEqual(composed.ends, [1, 2, 4])
    }

    // MARK: punctuation

    func testPunctuationIsSplitIntoSingleCharacters() throws {
        let t = try tinyTokenizer(["don", "t", "'", "!", "?", ".", "a", "b", "$", "5", "—"])
        XCTAssertEqual(t.pieceTexts("don't!?"), ["don", "'", "t", "!", "?"])
        XCTAssertEqual(t.pieceSpans("don't!?"), [0..<3, 3..<4, 4..<5, 5..<6, 6..<7])
        XCTAssertEqual(t.pieceTexts("a...b"), ["a", ".", ".", ".", "b"])
        XCTAssertEqual(t.pieceTexts("$5—a"), ["$", "5", "—", "a"])
    }

    // MARK: WordPiece

    func testWordPieceTakesTheLongestMatchFirst() throws {
        let t = try tinyTokenizer(["un", "una", "##aff", "##able", "##a", "##ffable"])
        // "una" matches first, then the longest continuation "##ffable".
        XCTAssertEqual(t.pieceTexts("unaffable"), ["una", "##ffable"])
        XCTAssertEqual(t.pieceSpans("unaffable"), [0..<3, 3..<9])
    }

    func testAWordWithAnUnmatchedRemainderIsOneUnknownSpanningTheWord() throws {
        let t = try tinyTokenizer(["un", "##aff", "x"])
        XCTAssertEqual(t.pieceTexts("unaffable x"), ["[UNK]", "x"])
        XCTAssertEqual(t.pieceSpans("unaffable x"), [0..<9, 10..<11])
    }

    func testWordsOverOneHundredScalarsAreUnknown() throws {
        let t = try tinyTokenizer(["a", "##a", "é", "##é"], options: .init(doLowerCase: false))
        let hundred = String(repeating: "a", count: 100)
        XCTAssertEqual(t.pieceTexts(hundred).count, 100)
        XCTAssertEqual(t.pieceTexts(hundred + "a"), ["[UNK]"])
        XCTAssertEqual(t.pieceSpans(hundred + "a"), [0..<101])
        // Counted in scalars as the normalizer leaves them: 60 decomposed é stay 120 scalars when cased.
        XCTAssertEqual(t.pieceTexts(String(repeating: "e\u{301}", count: 60)), ["[UNK]"])
        // A custom limit from tokenizer.json's max_input_chars_per_word is honoured.
        let short = try tinyTokenizer(["a", "##a"], options: .init(maxInputCharsPerWord: 3))
        XCTAssertEqual(short.pieceTexts("aaa"), ["a", "##a", "##a"])
        XCTAssertEqual(short.pieceTexts("aaa aaaa"), ["a", "##a", "##a", "[UNK]"])
    }

    func testAVocabularyLineListedTwiceKeepsTheLaterId() throws {
        let t = try BertTokenizer(
            vocabulary: ["[UNK]", "[CLS]", "[SEP]", "dog", "cat", "dog"], doLowerCase: true)
        XCTAssertEqual(t.id(of: "dog"), 5)
        XCTAssertEqual(t.encode("dog", maxLength: 8).inputIds, [1, 5, 2])
        XCTAssertEqual(t.vocabulary.count, 6)
    }

    func testVocabularyIndexFindsContinuationPiecesByScalars() {
        let index = VocabularyIndex(["a", "##bc", "中", "##👍🏽"])
        XCTAssertEqual(index.id(of: "##bc"), 1)
        XCTAssertEqual(index.id(of: "##👍🏽"), 3)
        XCTAssertNil(index.id(of: "bc"))
        XCTAssertNil(index.id(of: "##b"))
        XCTAssertEqual(index.longestKey, 4)
        XCTAssertEqual(index.longestContinuation, 2)
        let word = "xbc".unicodeScalars.map(\.value)
        var h = index.continuationHash
        for s in word[1...] { h = VocabularyIndex.extend(h, s) }
        XCTAssertEqual(index.id(hash: h, word, 1..<3, continuation: true), 1)
    }

    // MARK: special tokens

    func testSpecialTokensTypedInTheTextStayWhole() throws {
        let t = try tinyTokenizer(["a", "b", "[", "]", "cl", "##s", "mask"])
        let input = t.encode("a[MASK]b [SEP] [mask]", maxLength: 64)
        XCTAssertEqual(input.tokens.map(\.text), ["[CLS]", "a", "[MASK]", "b", "[SEP]", "[", "mask", "]", "[SEP]"])
        XCTAssertEqual(input.tokens[2].span, 1..<7)
        XCTAssertFalse(input.tokens[2].isSpecial, "a typed [MASK] comes from the text")
        XCTAssertTrue(input.tokens[0].isSpecial)
        // Added tokens are matched in the text as typed: hidden by a control character, it is not one any more.
        XCTAssertEqual(t.pieceTexts("[MA\u{200B}SK]"), ["[", "mask", "]"])
    }

    // MARK: the model input

    func testEmptyAndBlankTextGiveClsSep() throws {
        let t = try tinyTokenizer([])
        for text in ["", "   ", "\n\t", "\u{0}\u{200B}"] {
            let input = t.encode(text, maxLength: 512)
            XCTAssertEqual(input.tokens.map(\.text), ["[CLS]", "[SEP]"])
            XCTAssertEqual(input.inputIds, [2, 3])
            XCTAssertNil(input.truncation)
        }
    }

    func testPairsGetSegmentsAndSpansIntoTheirOwnSentence() throws {
        let t = try tinyTokenizer(["hi", "there"])
        let input = t.encode("hi", pair: "there hi", maxLength: 512)
        XCTAssertEqual(input.tokens.map(\.text), ["[CLS]", "hi", "[SEP]", "there", "hi", "[SEP]"])
        XCTAssertEqual(input.tokenTypeIds, [0, 0, 0, 1, 1, 1])
        XCTAssertEqual(input.tokens.map(\.span), [nil, 0..<2, nil, 0..<5, 6..<8, nil])
        XCTAssertEqual(input.attentionMask, [1, 1, 1, 1, 1, 1])
        // An empty sentence B is no pair at all, as transformers 5 treats it: [CLS] A [SEP].
        let empty = t.encode("hi", pair: "", maxLength: 512)
        XCTAssertEqual(empty.tokenTypeIds, [0, 0, 0])
        XCTAssertNil(empty.textB)
        // An empty A with a B is a pair.
        XCTAssertEqual(t.encode("", pair: "hi", maxLength: 512).tokenTypeIds, [0, 0, 1, 1])
    }

    // MARK: truncation

    func testLongestFirstIsTheRustRuleThatSharesACutWithBGettingTheOddPiece() {
        func kept(_ a: Int, _ b: Int?, _ max: Int) -> [Int] {
            let r = Truncation.longestFirst(lengthA: a, lengthB: b, specialTokens: b == nil ? 2 : 3, maxLength: max)
            return [r.keptA, r.keptB]
        }
        XCTAssertEqual(kept(10, nil, 8), [6, 0])
        XCTAssertEqual(kept(6, nil, 8), [6, 0])
        XCTAssertEqual(kept(10, 1, 8), [4, 1])  // the shorter stays whole while it fits in half the room
        XCTAssertEqual(kept(10, 3, 8), [3, 2])  // else both are cut, the longer keeping the odd piece
        XCTAssertEqual(kept(255, 255, 512), [254, 255])  // both cut: room 509, B gets the odd piece
        XCTAssertEqual(kept(300, 256, 512), [255, 254])  // the longer gets it
        XCTAssertEqual(kept(4, 4, 10), [3, 4])
        XCTAssertEqual(kept(2, 10, 8), [2, 3])
        XCTAssertEqual(kept(3, 2, 3), [0, 0])  // nothing left but the special tokens
        XCTAssertEqual(kept(3, 2, 1), [0, 0])
    }

    func testTruncationIsRecordedWithANotice() throws {
        let t = try tinyTokenizer(["w"])
        let input = t.encode("w w w w w", pair: "w w w", maxLength: 7)
        XCTAssertEqual(input.tokens.count, 7)
        XCTAssertEqual(input.tokenTypeIds, [0, 0, 0, 0, 1, 1, 1])
        let truncation = try XCTUnwrap(input.truncation)
        XCTAssertEqual(truncation, Truncation(requestedTokens: 11, keptTokens: 7, droppedA: 3, droppedB: 1))
        var left = BertTokenizer.Options()
        left.truncatesLeft = true
        let fromLeft = try tinyTokenizer(["a", "b", "c"], options: left)
        XCTAssertEqual(fromLeft.encode("a b c", maxLength: 4).tokens.map(\.text), ["[CLS]", "b", "c", "[SEP]"])
        XCTAssertEqual(truncation.notice, "truncated: 11 tokens, the model takes 7 (4 word pieces dropped)")
        XCTAssertNil(t.encode("w w", maxLength: 4).truncation)
    }

    // MARK: errors

    func testAVocabularyWithoutUnkIsRejectedNamingTheToken() {
        XCTAssertThrowsError(
            try BertTokenizer(vocabulary: ["[CLS]", "[SEP]", "a"], options: .init(), source: "/m/vocab.txt")
        ) {
            guard case BertError.invalidFile(let path, let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(path, "/m/vocab.txt")
            XCTAssertTrue(reason.contains("[UNK]"), reason)
        }
        XCTAssertThrowsError(try BertTokenizer(vocabulary: ["[UNK]", "[SEP]"], doLowerCase: true)) {
            XCTAssertTrue("\($0)".contains("[CLS]"), "\($0)")
        }
        XCTAssertThrowsError(try BertTokenizer(vocabulary: [], doLowerCase: true)) {
            XCTAssertTrue("\($0)".contains("empty"), "\($0)")
        }
    }

    func testCustomSpecialTokenNamesAreHonoured() throws {
        let options = BertTokenizer.Options(unknownToken: "<unk>", classifierToken: "<s>", separatorToken: "</s>")
        let t = try BertTokenizer(vocabulary: ["<unk>", "<s>", "</s>", "a"], options: options)
        XCTAssertEqual(t.encode("a b", maxLength: 9).tokens.map(\.text), ["<s>", "a", "<unk>", "</s>"])
    }
}
