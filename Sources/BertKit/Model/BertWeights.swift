import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A weight tensor as the forward pass uses it: F32, row-major, either in place in the mapped file or owned.
struct WeightTensor: @unchecked Sendable {
    /// First element.
    let pointer: UnsafePointer<Float>
    /// Shape as in the checkpoint (`[out, in]` for a dense weight).
    let shape: [Int]
    var count: Int { shape.reduce(1, *) }
}

/// One dense layer (HF `nn.Linear`: y = x W^T + b) in the layout its kernel reads.
struct DenseWeights: @unchecked Sendable {
    /// `.rowMajor`: (outputs, inputs) as in the checkpoint. `.panels`: `PanelLayout.pack`ed, 64-byte aligned.
    let weight: UnsafePointer<Float>
    /// (outputs); in the panel layout zero-padded to whole panels, so the GEMM's epilogue can load it 16 at a time.
    let bias: UnsafePointer<Float>
    let outputs: Int
    let inputs: Int

    /// The weight as a panel GEMM operand (panel layout only).
    var panels: PanelOperand { .packed(weight, columns: outputs, depth: inputs) }
}

/// The weights of one `BertLayer`, named after HF's module chain.
struct LayerWeights: @unchecked Sendable {
    /// attention.self.{query,key,value} fused along the outputs: (3 * hidden) x hidden.
    let qkv: DenseWeights
    /// attention.output.dense and attention.output.LayerNorm.
    let attentionOutput: DenseWeights
    let attentionNormGamma: UnsafePointer<Float>
    let attentionNormBeta: UnsafePointer<Float>
    /// intermediate.dense: intermediate x hidden.
    let intermediate: DenseWeights
    /// output.dense (hidden x intermediate) and output.LayerNorm.
    let output: DenseWeights
    let outputNormGamma: UnsafePointer<Float>
    let outputNormBeta: UnsafePointer<Float>
}

/// All weights of a `BertModel` checkpoint, checked against the config. Reads both naming styles:
/// plain (`embeddings.word_embeddings.weight`) and pre-training (`bert.` prefix, `LayerNorm.gamma`/`beta`),
/// reads the heads it knows (`cls.*`, `classifier.*`: see `HeadSources`), and accepts F32, F16 and BF16
/// (the latter two converted at load).
///
/// Dense weights come in one of two layouts. `.rowMajor` uses F32 checkpoints in place (the fused QKV weight
/// is the one copy) for OpenBLAS. `.panels` packs every dense weight once into `PanelLayout` panels in one
/// owned arena and drops the mapped originals' pages, so the resident set holds one copy either way.
final class BertWeights: @unchecked Sendable {
    /// How the dense weights are stored, which decides the forward pass's kernels.
    enum Layout: Sendable {
        /// HF's (out, in), for `cblas_sgemm`.
        case rowMajor
        /// `PanelLayout` panels, for CBertKernels' panel GEMM.
        case panels

        /// Panels where this CPU runs one of CBertKernels' vector copies (AVX-512 or AVX2), otherwise row-major.
        static var preferred: Layout { KernelSupport.vectorKernels ? .panels : .rowMajor }
    }

    /// The dense weights' layout.
    let layout: Layout
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
    /// pooler.dense (hidden x hidden); nil when the checkpoint has no pooler (then pooler_output is not available).
    let pooler: DenseWeights?
    /// Bytes of tensor data in the checkpoint file(s).
    let fileBytes: Int
    /// The heads on top of the encoder (`cls.*`, `classifier.*`), where the checkpoint has them.
    let heads: HeadWeights
    /// Which heads there are, for the views.
    let headInventory: HeadInventory

    private let files: [SafeTensorsFile]
    private var owned: [UnsafeMutableRawPointer] = []

    deinit {
        for p in owned { free(p) }
    }

    /// Maps the checkpoint in `directory` (model.safetensors, or shards listed in model.safetensors.index.json)
    /// and lays the dense weights out as `layout` asks.
    init(directory: URL, config: BertConfig, heads headConfig: HeadConfig = HeadConfig(), layout: Layout = .preferred)
        throws
    {
        let files = try Self.mapFiles(directory: directory)
        self.files = files
        self.layout = layout
        fileBytes = files.reduce(0) { $0 + $1.tensors.values.reduce(0) { $0 + $1.range.count } }

        // Pass 1: find and check every tensor (names, shapes, dtypes) before anything is converted or packed.
        let lookup = Self.index(files)
        let h = config.hiddenSize
        let i = config.intermediateSize
        func find(_ name: String, _ shape: [Int]) throws -> Source {
            guard let (file, info) = lookup[name] else {
                let checkpoint =
                    files.count == 1
                    ? files[0].path : directory.appendingPathComponent("model.safetensors.index.json").path
                throw BertError.invalidFile(path: checkpoint, reason: "missing tensor '\(name)'")
            }
            guard info.shape == shape else {
                throw BertError.invalidFile(
                    path: file.path,
                    reason: "tensor '\(info.name)' has shape \(info.shape), expected \(shape) from config.json")
            }
            guard [.f32, .f16, .bf16].contains(info.dtype) else {
                throw BertError.invalidFile(
                    path: file.path,
                    reason: "tensor '\(info.name)' has dtype \(info.dtypeName); expected F32, F16 or BF16")
            }
            return Source(file: file, info: info)
        }
        func dense(_ prefix: String, outputs: Int, inputs: Int) throws -> DenseSource {
            DenseSource(
                weights: [try find(prefix + ".weight", [outputs, inputs])],
                biases: [try find(prefix + ".bias", [outputs])],
                outputs: outputs, inputs: inputs)
        }
        let word = try find("embeddings.word_embeddings.weight", [config.vocabSize, h])
        let position = try find("embeddings.position_embeddings.weight", [config.maxPositionEmbeddings, h])
        let tokenType = try find("embeddings.token_type_embeddings.weight", [config.typeVocabSize, h])
        let embeddingGamma = try find("embeddings.LayerNorm.weight", [h])
        let embeddingBeta = try find("embeddings.LayerNorm.bias", [h])
        var layerSources: [LayerSource] = []
        for l in 0..<config.numHiddenLayers {
            let p = "encoder.layer.\(l)."
            let names = ["query", "key", "value"].map { p + "attention.self.\($0)" }
            let qkvWeights = try names.map { try find($0 + ".weight", [h, h]) }
            let qkvBiases = try names.map { try find($0 + ".bias", [h]) }
            layerSources.append(
                LayerSource(
                    qkv: DenseSource(weights: qkvWeights, biases: qkvBiases, outputs: 3 * h, inputs: h),
                    attentionOutput: try dense(p + "attention.output.dense", outputs: h, inputs: h),
                    attentionGamma: try find(p + "attention.output.LayerNorm.weight", [h]),
                    attentionBeta: try find(p + "attention.output.LayerNorm.bias", [h]),
                    intermediate: try dense(p + "intermediate.dense", outputs: i, inputs: h),
                    output: try dense(p + "output.dense", outputs: h, inputs: i),
                    outputGamma: try find(p + "output.LayerNorm.weight", [h]),
                    outputBeta: try find(p + "output.LayerNorm.bias", [h])))
        }
        var poolerSource: DenseSource?
        if lookup["pooler.dense.weight"] != nil || lookup["pooler.dense.bias"] != nil {
            poolerSource = try dense("pooler.dense", outputs: h, inputs: h)
        }
        let headSources = try HeadSources(
            lookup: lookup, config: config, heads: headConfig, word: word, hasPooler: poolerSource != nil)
        headInventory = headSources.inventory

        // Pass 2: lay the weights out (nothing throws from here on).
        var builder = Builder(layout: layout)
        wordEmbeddings = builder.tensor(word)
        positionEmbeddings = builder.tensor(position)
        tokenTypeEmbeddings = builder.tensor(tokenType)
        embeddingNormGamma = builder.tensor(embeddingGamma)
        embeddingNormBeta = builder.tensor(embeddingBeta)
        if layout == .panels {
            let all =
                layerSources.flatMap { [$0.qkv, $0.attentionOutput, $0.intermediate, $0.output] }
                + (poolerSource.map { [$0] } ?? [])
                + headSources.denseLayers
            builder.reserveArena(floats: all.reduce(0) { $0 + Builder.panelFloats($1) })
        }
        layers = layerSources.map { s in
            LayerWeights(
                qkv: builder.dense(s.qkv), attentionOutput: builder.dense(s.attentionOutput),
                attentionNormGamma: builder.tensor(s.attentionGamma).pointer,
                attentionNormBeta: builder.tensor(s.attentionBeta).pointer,
                intermediate: builder.dense(s.intermediate), output: builder.dense(s.output),
                outputNormGamma: builder.tensor(s.outputGamma).pointer,
                outputNormBeta: builder.tensor(s.outputBeta).pointer)
        }
        pooler = poolerSource.map { builder.dense($0) }
        heads = headSources.build(&builder)
        builder.packAll()
        owned = builder.owned
    }

    /// The checkpoint's file(s), mapped and their headers checked.
    private static func mapFiles(directory: URL) throws -> [SafeTensorsFile] {
        let fm = FileManager.default
        let single = directory.appendingPathComponent("model.safetensors")
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        if fm.fileExists(atPath: single.path) {
            return [try SafeTensorsFile(url: single)]
        } else if fm.fileExists(atPath: index.path) {
            let data = try ModelFile.read(index, what: "safetensors index")
            guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw BertError.invalidFile(path: index.path, reason: "not a JSON object")
            }
            guard let map = json["weight_map"] as? [String: String] else {
                throw BertError.invalidFile(
                    path: index.path, reason: "not a safetensors index (no weight_map of tensor names to file names)")
            }
            guard !map.isEmpty else {
                throw BertError.invalidFile(path: index.path, reason: "weight_map is empty: it names no weight files")
            }
            var files: [SafeTensorsFile] = []
            for shard in Set(map.values).sorted() {
                guard !shard.isEmpty, !shard.contains("/"), shard != ".", shard != ".." else {
                    throw BertError.invalidFile(
                        path: index.path, reason: "shard name '\(shard)' is not a file in the model folder")
                }
                files.append(try SafeTensorsFile(url: directory.appendingPathComponent(shard)))
            }
            return files
        } else if fm.fileExists(atPath: directory.appendingPathComponent("pytorch_model.bin").path) {
            throw BertError.missingFile(
                path: single.path,
                what:
                    "weights in safetensors format (only pytorch_model.bin is there; convert it with the safetensors package)"
            )
        } else {
            throw BertError.missingFile(path: single.path, what: "weights file")
        }
    }

    /// Tensors by their plain HF name (`bert.` prefix dropped, `LayerNorm.gamma`/`beta` renamed).
    static func index(_ files: [SafeTensorsFile]) -> [String: (SafeTensorsFile, TensorInfo)] {
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
        return lookup
    }
}

/// A checked tensor in a mapped file.
struct Source: @unchecked Sendable {
    let file: SafeTensorsFile
    let info: TensorInfo
}

/// A dense layer's checked tensors; several weights (and biases) are concatenated along the outputs.
struct DenseSource: @unchecked Sendable {
    let weights: [Source]
    let biases: [Source]
    let outputs: Int
    let inputs: Int
}

/// One layer's checked tensors.
private struct LayerSource {
    let qkv: DenseSource
    let attentionOutput: DenseSource
    let attentionGamma: Source
    let attentionBeta: Source
    let intermediate: DenseSource
    let output: DenseSource
    let outputGamma: Source
    let outputBeta: Source
}

/// Turns checked tensors into the forward pass's buffers, remembering what it allocated.
struct Builder {
    let layout: BertWeights.Layout
    /// Every allocation (freed by BertWeights' deinit).
    var owned: [UnsafeMutableRawPointer] = []
    /// Dense layers placed in the arena but not yet packed.
    private var pending: [PackJob] = []
    private var arena: UnsafeMutablePointer<Float>?
    private var arenaUsed = 0
    private var arenaCount = 0

    init(layout: BertWeights.Layout) {
        self.layout = layout
    }

    /// Floats one dense layer takes in the panel arena: packed weight and padded bias, each 64-byte aligned.
    static func panelFloats(_ d: DenseSource) -> Int {
        let padded = (d.outputs + PanelLayout.width - 1) / PanelLayout.width * PanelLayout.width
        return PanelLayout.packedCount(outputs: d.outputs, inputs: d.inputs) + (padded + 15) / 16 * 16
    }

    mutating func allocate(floats: Int, alignment: Int = 64) -> UnsafeMutablePointer<Float> {
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, max(1, floats) * 4) == 0, let raw else {
            fatalError("out of memory allocating \(floats * 4) bytes of weights")
        }
        owned.append(raw)
        return raw.bindMemory(to: Float.self, capacity: max(1, floats))
    }

    /// One allocation for all packed weights, on 2 MB boundaries so the kernel can back it with huge pages
    /// (fewer TLB misses while the weights stream through).
    mutating func reserveArena(floats: Int) {
        let huge = 2 << 20
        let bytes = (floats * 4 + huge - 1) / huge * huge
        let base = allocate(floats: bytes / 4, alignment: huge)
        #if os(Linux)
        madvise(base, bytes, MADV_HUGEPAGE)
        #endif
        arena = base
        arenaCount = bytes / 4
    }

    mutating func carve(floats: Int) -> UnsafeMutablePointer<Float> {
        guard let arena, arenaUsed + floats <= arenaCount else { fatalError("weight arena too small") }
        let p = arena + arenaUsed
        arenaUsed += (floats + 15) / 16 * 16
        return p
    }

    /// A tensor kept as F32: in place when the file holds aligned F32, otherwise converted into an owned copy.
    mutating func tensor(_ s: Source) -> WeightTensor {
        let bytes = s.file.bytes(of: s.info)
        if s.info.dtype == .f32, let base = bytes.baseAddress,
            Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0
        {
            return WeightTensor(pointer: base.assumingMemoryBound(to: Float.self), shape: s.info.shape)
        }
        let p = allocate(floats: s.info.count)
        Self.convert(s, into: p)
        s.file.release(s.info)
        return WeightTensor(pointer: UnsafePointer(p), shape: s.info.shape)
    }

    /// Writes a tensor's elements as F32 (converting F16 and BF16; copying misaligned F32).
    static func convert(_ s: Source, into p: UnsafeMutablePointer<Float>) {
        let bytes = s.file.bytes(of: s.info)
        switch s.info.dtype {
        case .f16, .bf16:
            let bf16 = s.info.dtype == .bf16
            for k in 0..<s.info.count {
                let bits = bytes.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self).littleEndian
                p[k] = bf16 ? Float(bitPattern: UInt32(bits) << 16) : Float(Float16(bitPattern: bits))
            }
        default:
            if let base = bytes.baseAddress {
                UnsafeMutableRawPointer(p).copyMemory(from: base, byteCount: s.info.count * 4)
            }
        }
    }

    /// A dense layer in this builder's layout; the mapped pages of anything copied are released.
    mutating func dense(_ d: DenseSource) -> DenseWeights {
        switch layout {
        case .rowMajor:
            if d.weights.count == 1 {
                let w = tensor(d.weights[0])
                let b = tensor(d.biases[0])
                return DenseWeights(weight: w.pointer, bias: b.pointer, outputs: d.outputs, inputs: d.inputs)
            }
            // Concatenated (fused QKV): one owned copy.
            let w = allocate(floats: d.outputs * d.inputs)
            let b = allocate(floats: d.outputs)
            var row = 0
            for (ws, bs) in zip(d.weights, d.biases) {
                Self.convert(ws, into: w + row * d.inputs)
                Self.convert(bs, into: b + row)
                ws.file.release(ws.info)
                row += ws.info.shape[0]
            }
            return DenseWeights(weight: UnsafePointer(w), bias: UnsafePointer(b), outputs: d.outputs, inputs: d.inputs)
        case .panels:
            // Only the place is decided here; `packAll` fills it.
            let w = carve(floats: PanelLayout.packedCount(outputs: d.outputs, inputs: d.inputs))
            let padded = (d.outputs + PanelLayout.width - 1) / PanelLayout.width * PanelLayout.width
            let b = carve(floats: padded)
            pending.append(PackJob(source: d, weight: w, bias: b, paddedOutputs: padded))
            return DenseWeights(weight: UnsafePointer(w), bias: UnsafePointer(b), outputs: d.outputs, inputs: d.inputs)
        }
    }

    /// Packs every placed dense layer, several at once (first-touching the arena's pages is most of the
    /// cost, and the kernel clears pages in parallel too), then releases the mapped originals.
    mutating func packAll() {
        let jobs = pending
        pending = []
        DispatchQueue.concurrentPerform(iterations: jobs.count) { jobs[$0].run() }
    }
}

/// One dense layer's packing: its tensors, and where in the arena its panels and bias go.
private struct PackJob: @unchecked Sendable {
    let source: DenseSource
    let weight: UnsafeMutablePointer<Float>
    let bias: UnsafeMutablePointer<Float>
    let paddedOutputs: Int

    func run() {
        let d = source
        bias.initialize(repeating: 0, count: paddedOutputs)
        // Rows of every part, in order; F16/BF16 parts are converted into a temporary first.
        var rows: [UnsafePointer<Float>] = []
        var temporaries: [UnsafeMutablePointer<Float>] = []
        var at = 0
        for (ws, bs) in zip(d.weights, d.biases) {
            let part: UnsafePointer<Float>
            let bytes = ws.file.bytes(of: ws.info)
            if ws.info.dtype == .f32, let base = bytes.baseAddress, Int(bitPattern: base) % 4 == 0 {
                part = base.assumingMemoryBound(to: Float.self)
            } else {
                let t = UnsafeMutablePointer<Float>.allocate(capacity: ws.info.count)
                Builder.convert(ws, into: t)
                temporaries.append(t)
                part = UnsafePointer(t)
            }
            for r in 0..<ws.info.shape[0] { rows.append(part + r * d.inputs) }
            Builder.convert(bs, into: bias + at)
            at += bs.info.count
        }
        PanelLayout.pack(count: d.outputs, length: d.inputs, into: weight) { rows[$0] }
        for t in temporaries { t.deallocate() }
        for ws in d.weights { ws.file.release(ws.info) }
    }
}
