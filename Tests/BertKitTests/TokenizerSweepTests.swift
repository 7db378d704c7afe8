import Foundation
import XCTest

@testable import BertKit

/// Every code point of all 17 planes, alone and inside a word, against transformers 5: the fixture holds an
/// FNV-1a hash of HF's ids and offsets per block of 4096 code points (make_tokenizer_fixtures.py `sweep`).
final class TokenizerSweepTests: XCTestCase {
    static func fnv1a(_ bytes: some Sequence<UInt8>, _ start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = start
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    func assertSweepMatches(_ name: String, _ tokenizer: BertTokenizer, line: UInt = #line) throws {
        let fixture = try TokenizerFixture.load(name)
        let block = try XCTUnwrap(fixture.sweepBlock, "\(name) has no sweep", line: line)
        let expected = try XCTUnwrap(fixture.sweep, "\(name) has no sweep", line: line)
        XCTAssertEqual(block * expected.count, 0x110000, line: line)
        var wrong: [String] = []
        for (b, hash) in expected.enumerated() {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for cp in (b * block)..<((b + 1) * block) {
                guard let scalar = Unicode.Scalar(UInt32(cp)) else { continue }
                let c = String(Character(scalar))
                func ser(_ text: String) -> String {
                    let input = tokenizer.encode(text, maxLength: 1 << 20)
                    return input.inputIds.map(String.init).joined(separator: ",") + "/"
                        + input.offsets.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
                }
                let part = String(cp, radix: 16) + ":" + ser(c) + "|" + ser("a" + c + "b") + ";"
                h = Self.fnv1a(part.utf8, h)
            }
            let got = String(h, radix: 16)
            let padded = String(repeating: "0", count: 16 - got.count) + got
            if padded != hash { wrong.append(String(b * block, radix: 16)) }
        }
        XCTAssertTrue(
            wrong.isEmpty, "\(name): code point blocks differing from HF (first code point, hex): \(wrong)", line: line)
    }

    func testEveryCodePointAloneAndInAWordMatchesTransformersUncased() throws {
        try assertSweepMatches("uncased", try FixtureTokenizers.uncased.get())
    }

    func testEveryCodePointAloneAndInAWordMatchesTransformersCased() throws {
        try assertSweepMatches("cased", try FixtureTokenizers.cased.get())
    }
}
