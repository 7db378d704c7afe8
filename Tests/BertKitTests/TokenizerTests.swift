@testable import BertKit
import Foundation
import XCTest

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
            XCTAssertEqual(t.pieceTexts("a\(separator)b"), ["a", "b"], "separator U+\(separator.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // Vertical tab, form feed and NEL are control characters to HF: dropped, so the words join.
        XCTAssertEqual(t.pieceTexts("a\u{B}b"), ["[UNK]"])
        XCTAssertEqual(t.pieceSpans("a\u{C}b"), [0..<3])
    }

    func testCharacterClassesFollowHuggingFace() {
        XCTAssertTrue(CharacterClass.isPunctuation("$"))
        XCTAssertTrue(CharacterClass.isPunctuation("^"))
        XCTAssertTrue(CharacterClass.isPunctuation("`"))
        XCTAssertTrue(CharacterClass.isPunctuation("\u{2014}"))  // em dash, Pd
        XCTAssertTrue(CharacterClass.isPunctuation("\u{300C}"))  // 「, Ps
        XCTAssertFalse(CharacterClass.isPunctuation("€"))  // Sc, not ASCII
        XCTAssertFalse(CharacterClass.isPunctuation("a"))
        XCTAssertTrue(CharacterClass.isControl("\u{200D}"))
        XCTAssertTrue(CharacterClass.isControl("\u{85}"))
        XCTAssertFalse(CharacterClass.isControl("\t"))
        XCTAssertTrue(CharacterClass.isWhitespace("\u{A0}"))
        XCTAssertFalse(CharacterClass.isWhitespace("\u{2028}"))
        XCTAssertTrue(CharacterClass.isChinese("中"))
        XCTAssertTrue(CharacterClass.isChinese("\u{20000}"))
        XCTAssertFalse(CharacterClass.isChinese("한"))
        XCTAssertFalse(CharacterClass.isChinese("の"))
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

    func testLowerCaseUsesPythonsFullMappingAndFinalSigma() {
        func lower(_ s: String) -> String {
            var input = AlignedScalars()
            for (i, u) in s.unicodeScalars.enumerated() { input.append(u, lower: i, upper: i + 1) }
            var output = AlignedScalars()
            Normalization.lowercase(input, into: &output)
            var result = String()
            result.unicodeScalars.append(contentsOf: output.scalars)
            return result
        }
        XCTAssertEqual(lower("ΟΔΟΣ"), "οδος".replacingOccurrences(of: "σ", with: "ς"))
        XCTAssertEqual(lower("ΣΑΣ"), "σας")
        XCTAssertEqual(lower("Σ"), "σ")  // no cased letter before: not final
        XCTAssertEqual(lower("ΟΣ."), "ος.")  // punctuation after does not count as a letter
        XCTAssertEqual(lower("ΟΣ\u{301}"), "ος\u{301}")  // a case-ignorable mark is skipped
        XCTAssertEqual(lower("İ").unicodeScalars.map(\.value), [0x69, 0x307])
        XCTAssertEqual(lower("ẞ"), "ß")
    }

    func testNFCComposesBeforeLookupAndSpansTheComposedGroup() throws {
        // The Python tokenizer normalizes to NFC first: a decomposed é finds the vocabulary's "café".
        let cased = try tinyTokenizer(["café", "caf", "##e"], options: .init(doLowerCase: false))
        XCTAssertEqual(cased.pieceTexts("cafe\u{301}"), ["café"])
        XCTAssertEqual(cased.pieceSpans("cafe\u{301}"), [0..<5])
        // Uncased: composed, then stripped; the piece ending in the composed letter spans its accent too.
        let uncased = try tinyTokenizer(["caf", "##e"])
        XCTAssertEqual(uncased.pieceTexts("cafe\u{301}"), ["caf", "##e"])
        XCTAssertEqual(uncased.pieceSpans("cafe\u{301}"), [0..<3, 3..<5])
        // Conjoining jamo compose to syllables; each jamo piece after NFD spans its whole syllable.
        let jamo = try tinyTokenizer(["\u{1112}", "##\u{1161}", "##\u{11AB}", "##\u{1100}", "##\u{116E}", "##\u{11A8}"])
        XCTAssertEqual(
            jamo.pieceSpans("\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}"),
            [0..<3, 0..<3, 0..<3, 3..<6, 3..<6, 3..<6])
        // A precomposed syllable decomposes to three jamo, all pointing at the one syllable.
        XCTAssertEqual(jamo.pieceSpans("한"), [0..<1, 0..<1, 0..<1])
    }

    func testNFCAlignmentGroupsOnlyWhatComposes() {
        var input = AlignedScalars()
        for (i, u) in "xe\u{301}y\u{1112}\u{1161}z".unicodeScalars.enumerated() { input.append(u, lower: i, upper: i + 1) }
        var scratch = AlignedScalars()
        Normalization.nfc(&input, scratch: &scratch)
        XCTAssertEqual(input.scalars, Array("xéy하z".unicodeScalars))
        XCTAssertEqual(input.lower, [0, 1, 3, 4, 6])
        XCTAssertEqual(input.upper, [1, 3, 4, 6, 7])
    }

    func testStripAccentsReordersMarksCanonicallyAndKeepsSpacingOnes() {
        var input = AlignedScalars()
        // a + dot below (220) + acute (230) in the wrong order; a Devanagari vowel sign (Mc) is kept.
        for (i, u) in "a\u{301}\u{323}क\u{93E}".unicodeScalars.enumerated() { input.append(u, lower: i, upper: i + 1) }
        var output = AlignedScalars()
        var cache = DecompositionCache()
        Normalization.stripAccents(input, into: &output, cache: &cache)
        XCTAssertEqual(output.scalars, Array("aक\u{93E}".unicodeScalars))
        XCTAssertEqual(output.lower, [0, 3, 4])
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
        // Counted in scalars after normalization: 60 decomposed é are 120 scalars typed but 60 after NFC.
        XCTAssertEqual(t.pieceTexts(String(repeating: "e\u{301}", count: 60)).count, 60)
        // A custom limit from tokenizer.json's max_input_chars_per_word is honoured.
        let short = try tinyTokenizer(["a", "##a"], options: .init(maxInputCharsPerWord: 3))
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
        let word = Array("xbc".unicodeScalars)
        var h = VocabularyIndex.continuationHash
        for s in word[1...] { h = VocabularyIndex.extend(h, s.value) }
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
        // A special token hidden by a control character is found again after cleaning (never_split).
        XCTAssertEqual(t.pieceTexts("[C\u{0}LS]"), ["[CLS]"])
    }

    func testConfiguredNeverSplitWordsBypassWordPiece() throws {
        let t = try tinyTokenizer(["hello", "<x>"], options: .init(neverSplit: ["<x>", "<y>"]))
        XCTAssertEqual(t.pieceTexts("hello <x> <y>"), ["hello", "<x>", "[UNK]"])
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
        // An empty sentence B is still a pair, as in the Python tokenizer: [CLS] A [SEP] [SEP].
        XCTAssertEqual(t.encode("hi", pair: "", maxLength: 512).tokenTypeIds, [0, 0, 0, 1])
    }

    // MARK: truncation

    func testLongestFirstTakesFromTheLongerSentenceAndFromBOnATie() {
        func cut(_ a: Int, _ b: Int?, _ max: Int) -> [Int] {
            let r = Truncation.longestFirst(lengthA: a, lengthB: b, specialTokens: b == nil ? 2 : 3, maxLength: max)
            return [r.droppedA, r.droppedB]
        }
        XCTAssertEqual(cut(10, nil, 8), [4, 0])
        XCTAssertEqual(cut(6, nil, 8), [0, 0])
        XCTAssertEqual(cut(10, 3, 8), [7, 1])  // A down to B's length, then the tie rule
        XCTAssertEqual(cut(4, 4, 8), [1, 2])  // tie: B first, then alternate
        XCTAssertEqual(cut(4, 4, 10), [0, 1])
        XCTAssertEqual(cut(5, 4, 8), [2, 2])
        XCTAssertEqual(cut(2, 10, 8), [0, 7])
        XCTAssertEqual(cut(3, 2, 3), [3, 2])  // nothing left but the special tokens
        XCTAssertEqual(cut(3, 2, 1), [3, 2])
    }

    func testTruncationIsRecordedWithANotice() throws {
        let t = try tinyTokenizer(["w"])
        let input = t.encode("w w w w w", pair: "w w w", maxLength: 7)
        XCTAssertEqual(input.tokens.count, 7)
        XCTAssertEqual(input.tokenTypeIds, [0, 0, 0, 0, 1, 1, 1])
        let truncation = try XCTUnwrap(input.truncation)
        XCTAssertEqual(truncation, Truncation(requestedTokens: 11, keptTokens: 7, droppedA: 3, droppedB: 1))
        XCTAssertEqual(truncation.notice, "truncated: 11 tokens, the model takes 7 (4 word pieces dropped)")
        XCTAssertNil(t.encode("w w", maxLength: 4).truncation)
    }

    // MARK: errors

    func testAVocabularyWithoutUnkIsRejectedNamingTheToken() {
        XCTAssertThrowsError(try BertTokenizer(vocabulary: ["[CLS]", "[SEP]", "a"], options: .init(), source: "/m/vocab.txt")) {
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
