import Foundation
import XCTest

@testable import BertKit

/// Any text is valid input: huge, hostile or random text tokenizes quickly into well-formed model input.
final class TokenizerRobustnessTests: XCTestCase {
    /// Generous enough for a debug build on a busy 2-core machine; a quadratic slip would take minutes.
    static let timeLimit = 5.0

    func uncased() throws -> BertTokenizer { try FixtureTokenizers.uncased.get() }

    func assertWellFormed(
        _ input: TokenizedInput, maxLength: Int, vocabularySize: Int, label: String, line: UInt = #line
    ) {
        XCTAssertLessThanOrEqual(input.tokens.count, maxLength, label, line: line)
        XCTAssertEqual(input.tokens.first?.text, "[CLS]", label, line: line)
        XCTAssertEqual(input.tokens.last?.text, "[SEP]", label, line: line)
        let lengthA = input.textA.unicodeScalars.count
        let lengthB = input.textB?.unicodeScalars.count ?? 0
        for token in input.tokens {
            XCTAssertTrue((0..<vocabularySize).contains(token.id), "\(label): id \(token.id)", line: line)
            guard let span = token.span else { continue }
            let limit = token.segment == 0 ? lengthA : lengthB
            XCTAssertTrue(
                span.lowerBound >= 0 && span.upperBound <= limit && !span.isEmpty,
                "\(label): span \(span) outside 0..<\(limit)", line: line)
        }
    }

    func timed<T>(_ body: () -> T) -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    func testHundredThousandCharacterTextsTokenizeQuicklyToMaxLength() throws {
        let t = try uncased()
        let texts: [(String, String)] = [
            ("prose", String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 2_300)),
            ("one huge word", String(repeating: "a", count: 100_000)),
            ("word, comma", String(repeating: "ab,", count: 34_000)),
            ("accented", String(repeating: "Ångström naïve ÉCOLE ", count: 5_000)),
            ("decomposed", String(repeating: "e\u{301}", count: 50_000)),
            ("cjk", String(repeating: "中文字符", count: 25_000)),
            ("emoji", String(repeating: "👨‍👩‍👧🇫🇷 ", count: 10_000)),
            ("hangul", String(repeating: "한국어 ", count: 25_000)),
            ("cyrillic", String(repeating: "Москва столица й ", count: 6_000)),
            ("greek sigma", String(repeating: "ΟΔΟΣ ", count: 20_000)),
            ("combining marks", "a" + String(repeating: "\u{301}\u{323}", count: 50_000)),
            ("controls", String(repeating: "\u{0}\u{200B}\u{7}x", count: 25_000)),
        ]
        for (label, text) in texts {
            let (input, seconds) = timed { t.encode(text, maxLength: 512) }
            XCTAssertLessThan(seconds, Self.timeLimit, "\(label) took \(seconds) s")
            assertWellFormed(input, maxLength: 512, vocabularySize: t.vocabulary.count, label: label)
            if let truncation = input.truncation {
                XCTAssertEqual(input.tokens.count, 512, label)
                XCTAssertEqual(truncation.keptTokens, 512, label)
                XCTAssertGreaterThan(truncation.requestedTokens, 512, label)
            } else {
                XCTAssertLessThanOrEqual(input.tokens.count, 512, label)
            }
        }
        XCTAssertEqual(
            t.encode(String(repeating: "a", count: 100_000), maxLength: 512).tokens.map(\.text),
            ["[CLS]", "[UNK]", "[SEP]"])
    }

    func testHundredThousandCharacterPairsTruncateLongestFirst() throws {
        let t = try uncased()
        let a = String(repeating: "alpha ", count: 16_000)
        let b = String(repeating: "beta ", count: 20_000)
        let input = t.encode(a, pair: b, maxLength: 512)
        XCTAssertEqual(input.tokens.count, 512)
        let truncation = try XCTUnwrap(input.truncation)
        XCTAssertEqual(truncation.requestedTokens, 16_000 + 20_000 + 3)  // "alpha" and "beta" are one piece each
        assertWellFormed(input, maxLength: 512, vocabularySize: t.vocabulary.count, label: "pair")
        // Both are cut, sharing the 509 places: the longer (B) keeps 255, A 254 (HF tokenizers' LongestFirst).
        XCTAssertEqual(truncation.droppedA, 16_000 - 254)
        XCTAssertEqual(truncation.droppedB, 20_000 - 255)
        XCTAssertEqual(input.tokenTypeIds.filter { $0 == 0 }.count, 2 + 254)
    }

    func testRandomTextNeverBreaksTheInvariants() throws {
        let tokenizers = [try FixtureTokenizers.uncased.get(), try FixtureTokenizers.cased.get()]
        // Scalars from the ranges that stress each stage: ASCII, Latin-1 and combining marks, Greek,
        // Hangul syllables and jamo, CJK, format characters, emoji and modifiers, private use.
        let ranges: [ClosedRange<UInt32>] = [
            0x00...0x7F, 0x80...0x24F, 0x300...0x36F, 0x370...0x3FF, 0x1100...0x11FF, 0xAC00...0xAC40,
            0x4E00...0x4E40, 0x2000...0x206F, 0x1F300...0x1F64F, 0x1F3FB...0x1F3FF, 0xE000...0xE010, 0xFE00...0xFE0F,
            0xF900...0xF910, 0x0F70...0x0F84,
        ]
        var rng = SplitMix64(seed: 0xB3E7)
        for round in 0..<300 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 80) {
                let r = ranges[Int(rng.next() % UInt64(ranges.count))]
                let v = r.lowerBound + UInt32(rng.next() % UInt64(r.upperBound - r.lowerBound + 1))
                if let s = Unicode.Scalar(v) { text.append(s) }
            }
            let maxLength = 3 + Int(rng.next() % 40)
            for t in tokenizers {
                let input = t.encode(
                    String(text), pair: round % 3 == 0 ? String(String.UnicodeScalarView(text.reversed())) : nil,
                    maxLength: maxLength)
                assertWellFormed(
                    input, maxLength: maxLength, vocabularySize: t.vocabulary.count, label: "round \(round)")
            }
        }
    }
}

/// A tiny deterministic generator, so the random test is the same test every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
