import Foundation

/// A weight tensor as the forward pass uses it: F32, row-major, either in place in the mapped file or owned.
struct WeightTensor: @unchecked Sendable {
    /// First element.
    let pointer: UnsafePointer<Float>
    /// Shape as in the checkpoint (`[out, in]` for a dense weight).
    let shape: [Int]
    var count: Int { shape.reduce(1, *) }
}

/// The weights of one `BertLayer`, named after HF's module chain.
struct LayerWeights: Sendable {
    /// attention.self.{query,key,value} fused: (3 * hidden, hidden) weight and (3 * hidden) bias, owned.
    let qkvWeight: WeightTensor
    let qkvBias: WeightTensor
    /// attention.output.dense (hidden, hidden) and attention.output.LayerNorm.
    let attentionOutputWeight: WeightTensor
    let attentionOutputBias: WeightTensor
    let attentionNormGamma: WeightTensor
    let attentionNormBeta: WeightTensor
    /// intermediate.dense (intermediate, hidden).
    let intermediateWeight: WeightTensor
    let intermediateBias: WeightTensor
    /// output.dense (hidden, intermediate) and output.LayerNorm.
    let outputWeight: WeightTensor
    let outputBias: WeightTensor
    let outputNormGamma: WeightTensor
    let outputNormBeta: WeightTensor
}

/// All weights of a `BertModel` checkpoint, checked against the config. Reads both naming styles:
/// plain (`embeddings.word_embeddings.weight`) and pre-training (`bert.` prefix, `LayerNorm.gamma`/`beta`),
/// ignores heads it does not use (`cls.*`), and accepts F32, F16 and BF16 (the latter two converted at load).
final class BertWeights: @unchecked Sendable {
    /// embeddings.word_embeddings (vocab, hidden).
    let wordEmbeddings: WeightTensor
    /// embeddings.position_embeddings (max_positions, hidden).
    let positionEmbeddings: WeightTensor
    /// embeddings.token_type_embeddings (type_vocab, hidden).
    let tokenTypeEmbeddings: WeightTensor
    /// embeddings.LayerNorm.
    let embeddingNormGamma: WeightTensor
    let embeddingNormBeta: WeightTensor
    /// encoder.layer.{i}.
    let layers: [LayerWeights]
    /// pooler.dense (hidden, hidden); nil when the checkpoint has no pooler (then pooler_output is not available).
    let poolerWeight: WeightTensor?
    let poolerBias: WeightTensor?
    /// Bytes of tensor data in the checkpoint file(s).
    let fileBytes: Int

    private let files: [SafeTensorsFile]
    private var owned: [UnsafeMutablePointer<Float>] = []

    deinit {
        for p in owned { p.deallocate() }
    }

    /// Maps the checkpoint in `directory` (model.safetensors, or shards listed in model.safetensors.index.json).
    init(directory: URL, config: BertConfig) throws {
        let fm = FileManager.default
        let single = directory.appendingPathComponent("model.safetensors")
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        var files: [SafeTensorsFile] = []
        if fm.fileExists(atPath: single.path) {
            files = [try SafeTensorsFile(url: single)]
        } else if fm.fileExists(atPath: index.path) {
            guard let data = try? Data(contentsOf: index),
                let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let map = json["weight_map"] as? [String: String]
            else {
                throw BertError.invalidFile(path: index.path, reason: "not a safetensors index (no weight_map)")
            }
            for shard in Set(map.values).sorted() {
                guard !shard.contains("/") else {
                    throw BertError.invalidFile(path: index.path, reason: "shard name '\(shard)' is not a file in the model folder")
                }
                files.append(try SafeTensorsFile(url: directory.appendingPathComponent(shard)))
            }
        } else if fm.fileExists(atPath: directory.appendingPathComponent("pytorch_model.bin").path) {
            throw BertError.missingFile(
                path: single.path,
                what: "weights in safetensors format (only pytorch_model.bin is there; convert it with the safetensors package)")
        } else {
            throw BertError.missingFile(path: single.path, what: "weights file")
        }
        self.files = files
        fileBytes = files.reduce(0) { $0 + $1.tensors.values.reduce(0) { $0 + $1.range.count } }

        var lookup: [String: (SafeTensorsFile, TensorInfo)] = [:]
        for file in files {
            for (name, info) in file.tensors {
                var key = name
                if key.hasPrefix("bert.") { key.removeFirst(5) }
                if key.hasSuffix("LayerNorm.gamma") { key = String(key.dropLast(5)) + "weight" }
                if key.hasSuffix("LayerNorm.beta") { key = String(key.dropLast(4)) + "bias" }
                lookup[key] = (file, info)
            }
        }

        let h = config.hiddenSize, i = config.intermediateSize
        var ownedBuffers: [UnsafeMutablePointer<Float>] = []
        func tensor(_ name: String, _ shape: [Int]) throws -> WeightTensor {
            guard let (file, info) = lookup[name] else {
                throw BertError.invalidFile(path: files[0].path, reason: "missing tensor '\(name)'")
            }
            guard info.shape == shape else {
                throw BertError.invalidFile(
                    path: file.path, reason: "tensor '\(info.name)' has shape \(info.shape), expected \(shape) from config.json")
            }
            let bytes = file.bytes(of: info)
            switch info.dtype {
            case .f32:
                guard let base = bytes.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 else {
                    // Misaligned data: copy it out.
                    let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, info.count))
                    UnsafeMutableRawBufferPointer(start: p, count: info.count * 4).copyMemory(from: bytes)
                    ownedBuffers.append(p)
                    return WeightTensor(pointer: UnsafePointer(p), shape: shape)
                }
                return WeightTensor(pointer: base.assumingMemoryBound(to: Float.self), shape: shape)
            case .f16, .bf16:
                let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, info.count))
                for k in 0..<info.count {
                    let bits = bytes.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self).littleEndian
                    p[k] = info.dtype == .bf16 ? Float(bitPattern: UInt32(bits) << 16) : Float(Float16(bitPattern: bits))
                }
                file.release(info)
                ownedBuffers.append(p)
                return WeightTensor(pointer: UnsafePointer(p), shape: shape)
            default:
                throw BertError.invalidFile(
                    path: file.path, reason: "tensor '\(info.name)' has dtype \(info.dtypeName); expected F32, F16 or BF16")
            }
        }
        func release(_ name: String) {
            if let (file, info) = lookup[name] { file.release(info) }
        }
        /// Concatenates tensors along the first axis into one owned buffer (for the fused QKV projection).
        func concatenated(_ parts: [WeightTensor]) -> WeightTensor {
            let total = parts.reduce(0) { $0 + $1.count }
            let p = UnsafeMutablePointer<Float>.allocate(capacity: total)
            var at = 0
            for part in parts {
                p.advanced(by: at).update(from: part.pointer, count: part.count)
                at += part.count
            }
            ownedBuffers.append(p)
            var shape = parts[0].shape
            shape[0] = parts.reduce(0) { $0 + $1.shape[0] }
            return WeightTensor(pointer: UnsafePointer(p), shape: shape)
        }

        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [config.vocabSize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [config.maxPositionEmbeddings, h])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [config.typeVocabSize, h])
        embeddingNormGamma = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBeta = try tensor("embeddings.LayerNorm.bias", [h])
        var layers: [LayerWeights] = []
        for l in 0..<config.numHiddenLayers {
            let p = "encoder.layer.\(l)."
            let names = ["query", "key", "value"].map { p + "attention.self.\($0)" }
            let qkvW = concatenated(try names.map { try tensor($0 + ".weight", [h, h]) })
            let qkvB = concatenated(try names.map { try tensor($0 + ".bias", [h]) })
            for n in names { release(n + ".weight") }
            layers.append(
                LayerWeights(
                    qkvWeight: qkvW, qkvBias: qkvB,
                    attentionOutputWeight: try tensor(p + "attention.output.dense.weight", [h, h]),
                    attentionOutputBias: try tensor(p + "attention.output.dense.bias", [h]),
                    attentionNormGamma: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                    attentionNormBeta: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                    intermediateWeight: try tensor(p + "intermediate.dense.weight", [i, h]),
                    intermediateBias: try tensor(p + "intermediate.dense.bias", [i]),
                    outputWeight: try tensor(p + "output.dense.weight", [h, i]),
                    outputBias: try tensor(p + "output.dense.bias", [h]),
                    outputNormGamma: try tensor(p + "output.LayerNorm.weight", [h]),
                    outputNormBeta: try tensor(p + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
        if lookup["pooler.dense.weight"] != nil || lookup["pooler.dense.bias"] != nil {
            poolerWeight = try tensor("pooler.dense.weight", [h, h])
            poolerBias = try tensor("pooler.dense.bias", [h])
        } else {
            poolerWeight = nil
            poolerBias = nil
        }
        owned = ownedBuffers
    }
}
