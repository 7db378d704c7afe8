import BertKit
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The faults a reliability run found in checkpoints, configs and shard indexes: each is one line naming the
/// file and what is wrong (or, for NaN weights, an honest NaN output), never a trap, a hang or a wrong number.
final class UntrustedCheckpointTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try ModelFixtures.copyOfTinyBERT(prefix: "bertscope-untrusted")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    var weights: URL { dir.appendingPathComponent("model.safetensors") }
    var configURL: URL { dir.appendingPathComponent("config.json") }

    /// The message of the error `body` throws, checked to be one line without control characters.
    func failure(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("no error", file: file, line: line)
            return ""
        } catch {
            let message = "\(error)"
            XCTAssertFalse(
                message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
                "control character in \(message)",
                file: file, line: line)
            return message
        }
    }

    func assertLoadFails(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        let message = failure({ _ = try BertModel(directory: dir) }, file: file, line: line)
        for f in fragments {
            XCTAssertTrue(message.contains(f), "'\(message)' lacks '\(f)'", file: file, line: line)
        }
    }

    /// A safetensors file with this header JSON (padded with spaces to `padTo` bytes) and `dataBytes` zero bytes.
    func safetensors(header: String, dataBytes: Int, declaredLength: Int? = nil, padTo: Int? = nil) -> Data {
        var h = Array(header.utf8)
        while h.count < (padTo ?? 0) { h.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(declaredLength ?? h.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: h)
        out.append(Data(count: dataBytes))
        return out
    }

    func headerError(_ data: Data, file: StaticString = #filePath, line: UInt = #line) -> String {
        failure(
            {
                _ = try data.withUnsafeBytes { try SafeTensorsFile.Header(file: $0, path: "x.safetensors") }
            }, file: file, line: line)
    }

    /// Rewrites the tiny checkpoint through `SafeTensorsWriter`, letting `change` edit each F32 tensor.
    func rewriteCheckpoint(_ change: (String, inout [Int], inout [Float]) -> Void) throws {
        let source = try SafeTensorsFile(url: weights)
        var writer = SafeTensorsWriter()
        for name in source.tensors.keys.sorted() {
            guard let info = source.tensors[name] else { continue }
            XCTAssertEqual(info.dtype, .f32)
            var values = Array(source.bytes(of: info).bindMemory(to: Float.self))
            var shape = info.shape
            change(name, &shape, &values)
            writer.add(name, shape: shape, floats: values)
        }
        try writer.serialized().write(to: weights)
    }

    func setConfig(_ key: String, _ value: Any) throws {
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        json[key] = value
        try JSONSerialization.data(withJSONObject: json).write(to: configURL)
    }

    // MARK: safetensors strictness

    func testHeaderLengthShortInsideThePaddingIsRefused() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        let padded = (header.utf8.count + 7) / 8 * 8 + 8
        let good = safetensors(header: header, dataBytes: 8, padTo: padded)
        XCTAssertNoThrow(try good.withUnsafeBytes { _ = try SafeTensorsFile.Header(file: $0, path: "x") })
        for short in 1...7 {
            let message = headerError(
                safetensors(header: header, dataBytes: 8, declaredLength: padded - short, padTo: padded))
            XCTAssertTrue(message.contains("trailing bytes"), "\(short) short: \(message)")
        }
    }

    func testGapBetweenTensorsIsRefused() {
        let header =
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        XCTAssertTrue(headerError(safetensors(header: header, dataBytes: 12)).contains("belong to no tensor"))
    }

    func testTrailingBytesAfterTheLastTensorAreRefused() {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        XCTAssertTrue(headerError(safetensors(header: header, dataBytes: 12)).contains("8 trailing bytes"))
    }

    func testUnknownDTypeIsRefused() {
        let header = #"{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}"#
        XCTAssertTrue(headerError(safetensors(header: header, dataBytes: 4)).contains("unknown dtype 'F33'"))
    }

    func testShapeTimesWidthThatOverflowsIsRefused() {
        // 2^61 F32 elements are 2^63 bytes: wrapping would make it 0 bytes.
        let header = #"{"a":{"dtype":"F32","shape":[2305843009213693952],"data_offsets":[0,0]}}"#
        XCTAssertTrue(headerError(safetensors(header: header, dataBytes: 0)).contains("too large"))
        let wide = #"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#
        XCTAssertTrue(headerError(safetensors(header: wide, dataBytes: 0)).contains("too large"))
    }

    func testHeaderThatDoesNotStartWithABraceIsRefused() {
        let header = #"  {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        XCTAssertTrue(headerError(safetensors(header: header, dataBytes: 4)).contains("does not start with '{'"))
    }

    func testMetadataValuesMustBeStrings() {
        let header = #"{"__metadata__":{"n":3},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        XCTAssertTrue(headerError(safetensors(header: header, dataBytes: 4)).contains("not a string"))
    }

    func testFractionalOrBooleanShapeIsRefused() {
        for shape in ["[1.5]", "[true]", "[-1]", "[1e30]"] {
            let header = #"{"a":{"dtype":"F32","shape":"# + shape + #","data_offsets":[0,4]}}"#
            XCTAssertTrue(headerError(safetensors(header: header, dataBytes: 4)).contains("malformed shape"), shape)
        }
    }

    func testTruncatedDataNamesTheSameTensorEveryTime() {
        var header = "{"
        header += (0..<20).map { #""t\#($0)":{"dtype":"F32","shape":[1],"data_offsets":[\#(4 * $0),\#(4 * $0 + 4)]}"# }
            .joined(separator: ",")
        header += "}"
        let messages = Set((0..<5).map { _ in headerError(safetensors(header: header, dataBytes: 2)) })
        XCTAssertEqual(messages.count, 1, "\(messages)")
        XCTAssertTrue(messages.first?.contains("'t0'") ?? false, "\(messages)")
    }

    func testControlCharactersInATensorNameAreEscaped() {
        let header = #"{"evil\u001b[31m\nname":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}"#
        let message = headerError(safetensors(header: header, dataBytes: 4))
        XCTAssertTrue(message.contains(#"evil\u{1B}[31m\nname"#), message)
    }

    func testFIFOInsteadOfTheWeightsIsRefusedWithoutHanging() throws {
        try FileManager.default.removeItem(at: weights)
        XCTAssertEqual(mkfifo(weights.path, 0o600), 0)
        assertLoadFails(["model.safetensors", "not a regular file"])
    }

    // MARK: shard index

    func testEmptyWeightMapIsRefused() throws {
        try FileManager.default.removeItem(at: weights)
        try Data(#"{"metadata":{},"weight_map":{}}"#.utf8).write(
            to: dir.appendingPathComponent("model.safetensors.index.json"))
        assertLoadFails(["model.safetensors.index.json", "weight_map is empty"])
    }

    // MARK: config.json

    func testDirectoryFIFOAndDeviceAsConfigSayWhatTheyAre() throws {
        try FileManager.default.removeItem(at: configURL)
        try FileManager.default.createDirectory(at: configURL, withIntermediateDirectories: false)
        assertLoadFails(["config.json", "is a folder"])
        try FileManager.default.removeItem(at: configURL)
        XCTAssertEqual(mkfifo(configURL.path, 0o600), 0)
        assertLoadFails(["config.json", "is a FIFO"])
        try FileManager.default.removeItem(at: configURL)
        try FileManager.default.createSymbolicLink(atPath: configURL.path, withDestinationPath: "/dev/zero")
        assertLoadFails(["config.json", "is a device"])
    }

    func testWronglyTypedStringKeysAreRefused() throws {
        let original = try Data(contentsOf: configURL)
        for (key, value) in [("hidden_act", 1 as Any), ("model_type", ["bert"]), ("position_embedding_type", true)] {
            try original.write(to: configURL)
            try setConfig(key, value)
            assertLoadFails(["config.json", "'\(key)' must be a string"])
        }
        try original.write(to: configURL)
        try setConfig("hidden_act", NSNull())
        assertLoadFails(["'hidden_act' must be a string, got null"])
    }

    func testDecoderAndCrossAttentionAreRefusedByName() throws {
        let original = try Data(contentsOf: configURL)
        for key in ["is_decoder", "add_cross_attention"] {
            try original.write(to: configURL)
            try setConfig(key, true)
            assertLoadFails(["config.json", "\(key) is true"])
            try original.write(to: configURL)
            try setConfig(key, "yes")
            assertLoadFails(["config.json", "'\(key)' must be true or false"])
            try original.write(to: configURL)
            try setConfig(key, false)
            XCTAssertNoThrow(try BertModel(directory: dir))
        }
    }

    func testConfigValueWithAnEscapeSequenceIsEscaped() throws {
        try setConfig("model_type", "bert\u{1B}]0;pwned\u{07}\nx")
        assertLoadFails([#"bert\u{1B}]0;pwned\u{7}\nx"#])
    }

    // MARK: inputs the buffers cannot hold

    func testPairOnTwoPositionsIsAnErrorNotAHeapOverflow() throws {
        try rewriteCheckpoint { name, shape, values in
            if name == "embeddings.position_embeddings.weight" {
                values = Array(values.prefix(2 * shape[1]))
                shape[0] = 2
            }
        }
        try setConfig("max_position_embeddings", 2)
        let model = try BertModel(directory: dir)
        XCTAssertEqual(try model.encode("a b c").tokenCount, 2)
        let message = failure { _ = try model.encode("a", pair: "b") }
        XCTAssertTrue(message.contains("max_position_embeddings 2"), message)
    }

    func testTokenizedInputTheModelCannotHoldIsRefused() throws {
        let model = try BertModel(directory: dir)
        let long = TokenizedInput(
            textA: "a", textB: nil, tokens: (0..<25).map { _ in Token(id: 5, text: "a", segment: 0, span: nil) },
            truncation: nil)
        XCTAssertTrue(failure { try model.check(long) }.contains("25 tokens"))
        let badId = TokenizedInput(
            textA: "?", textB: nil, tokens: [Token(id: 99_999, text: "?", segment: 0, span: nil)], truncation: nil)
        XCTAssertTrue(failure { try model.check(badId) }.contains("token id 99999"))
    }

    func testPairOnASingleSegmentModelHasItsOwnError() throws {
        try rewriteCheckpoint { name, shape, values in
            if name == "embeddings.token_type_embeddings.weight" {
                values = Array(values.prefix(shape[1]))
                shape[0] = 1
            }
        }
        try setConfig("type_vocab_size", 1)
        let model = try BertModel(directory: dir)
        let message = failure { _ = try model.encode("a", pair: "b") }
        XCTAssertTrue(message.contains("takes no sentence pairs"), message)
        XCTAssertFalse(message.contains("config.json"), message)
    }

    func testNaNAndHugeWeightsGiveNaNNotATrap() throws {
        try rewriteCheckpoint { name, _, values in
            if name == "encoder.layer.0.attention.output.LayerNorm.weight" { values[0] = .nan }
            if name == "encoder.layer.0.output.dense.weight" { values[1] = 3e38 }
            if name == "embeddings.word_embeddings.weight" { values[2] = .infinity }
        }
        let encoding = try BertModel(directory: dir).encode("hello world")
        XCTAssertTrue(encoding.lastHiddenState.scalars.contains { $0.isNaN })
        let report = InspectReport(encoding: encoding, loadSeconds: 0).text
        XCTAssertTrue(report.contains("nan"), report)
    }

    func testVocabularySizeErrorNamesTheFileItCameFrom() throws {
        let vocab = try String(contentsOf: dir.appendingPathComponent("vocab.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        var entries = vocab.enumerated().map { (String($0.element), $0.offset) }
        for i in 0..<100 { entries.append(("extra\(i)", vocab.count + i)) }
        let json: [String: Any] = ["model": ["type": "WordPiece", "vocab": Dictionary(uniqueKeysWithValues: entries)]]
        try JSONSerialization.data(withJSONObject: json).write(to: dir.appendingPathComponent("tokenizer.json"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("vocab.txt"))
        assertLoadFails(["tokenizer.json", "entries but the embedding table has"])
    }
}
