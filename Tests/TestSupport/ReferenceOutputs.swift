import BertKit
import Foundation

/// HF transformers' outputs for one input, read from a committed reference file
/// (written by Tests/Fixtures/scripts/make_model_fixtures.py).
public struct ReferenceCase {
    /// Index of the input in the file.
    public let index: Int
    /// The reference file.
    public let file: SafeTensorsFile

    /// `input_ids`.
    public var inputIds: [Int] { ints("input_ids") }
    /// `token_type_ids`.
    public var tokenTypeIds: [Int] { ints("token_type_ids") }

    /// Model input built straight from the reference ids (no tokenizer involved).
    public var tokenizedInput: TokenizedInput {
        let tokens = zip(inputIds, tokenTypeIds).map { Token(id: $0.0, text: "#\($0.0)", segment: $0.1, span: nil) }
        return TokenizedInput(textA: "", textB: nil, tokens: tokens, truncation: nil)
    }

    /// A float tensor by its HF name (e.g. `hidden_states.3`), nil if the file does not hold it.
    public func floats(_ name: String) -> (shape: [Int], values: [Float])? {
        guard let info = file.tensors["\(index).\(name)"], info.dtype == .f32 else { return nil }
        let bytes = file.bytes(of: info)
        return (info.shape, (0..<info.count).map { bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) })
    }

    /// An I64 tensor by its name (e.g. `match`), empty if the file does not hold it.
    public func ints(_ name: String) -> [Int] {
        guard let info = file.tensors["\(index).\(name)"], info.dtype == .i64 else { return [] }
        let bytes = file.bytes(of: info)
        return (0..<info.count).map { Int(bytes.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self)) }
    }

    /// All cases in a reference file.
    public static func load(_ name: String) throws -> [ReferenceCase] {
        let file = try SafeTensorsFile(url: TestPaths.fixtures.appendingPathComponent("reference/\(name).safetensors"))
        let count = file.tensors.keys.filter { $0.hasSuffix(".input_ids") }.count
        return (0..<count).map { ReferenceCase(index: $0, file: file) }
    }

    /// The sentences the reference was made from (`[[a, b-or-null]]`).
    public static func sentences(_ file: SafeTensorsFile) -> [(String, String?)] {
        guard let json = file.metadata["sentences"], let data = json.data(using: .utf8),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[Any]]
        else { return [] }
        return list.map { ($0.first as? String ?? "", $0.count > 1 ? $0[1] as? String : nil) }
    }
}

/// Largest absolute difference between two equally long float sequences.
public func maxAbsDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Float
where A.Element == Float, B.Element == Float {
    precondition(a.count == b.count, "length mismatch \(a.count) vs \(b.count)")
    var m: Float = 0
    for (x, y) in zip(a, b) {
        let d = abs(x - y)
        if d.isNaN { return .nan }
        m = max(m, d)
    }
    return m
}
