import BertKit
import Foundation
import TestSupport
import XCTest

/// Checkpoints split into shards (`model.safetensors.index.json`) load like a single file.
final class ShardedCheckpointTests: XCTestCase {
    func testShardedTinyBertMatchesSingleFile() throws {
        let tiny = ModelFixtures.tinyBERT
        let dir = try ModelFixtures.copyOfTinyBERT(
            prefix: "sharded", files: ["config.json", "vocab.txt", "tokenizer_config.json"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = try SafeTensorsFile(url: tiny.appendingPathComponent("model.safetensors"))
        var shards = [SafeTensorsWriter(), SafeTensorsWriter()]
        var weightMap: [String: String] = [:]
        for (n, name) in source.tensors.keys.sorted().enumerated() {
            let info = try XCTUnwrap(source.tensors[name])
            let bytes = source.bytes(of: info)
            let values = (0..<info.count).map { bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
            shards[n % 2].add(name, shape: info.shape, floats: values)
            weightMap[name] = "model-0000\(n % 2 + 1)-of-00002.safetensors"
        }
        for (i, s) in shards.enumerated() {
            try s.write(to: dir.appendingPathComponent("model-0000\(i + 1)-of-00002.safetensors"))
        }
        let index = try JSONSerialization.data(withJSONObject: ["metadata": [:], "weight_map": weightMap])
        try index.write(to: dir.appendingPathComponent("model.safetensors.index.json"))

        let input = try ReferenceCase.load("tiny-bert")[1].tokenizedInput
        let a = try BertModel(directory: tiny).encode(input)
        let b = try BertModel(directory: dir).encode(input)
        XCTAssertEqual(Array(a.lastHiddenState.scalars), Array(b.lastHiddenState.scalars))
        XCTAssertEqual(a.poolerOutput, b.poolerOutput)
    }
}
