import Foundation

/// The fields of `config.json` that only the heads read: `architectures`, `id2label`, `problem_type`.
struct HeadConfig: Sendable, Equatable {
    /// `architectures` (e.g. `["BertForMaskedLM"]`); empty when absent.
    var architectures: [String] = []
    /// `id2label` by index.
    var id2label: [Int: String] = [:]
    /// `problem_type` (`single_label_classification`, `multi_label_classification`, `regression`).
    var problemType: String?

    /// Reads the head fields of a `config.json` (already validated by `BertConfig.load`); absent keys stay empty.
    static func load(from url: URL) -> HeadConfig {
        guard let data = try? Data(contentsOf: url),
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return HeadConfig() }
        var config = HeadConfig()
        config.architectures = (json["architectures"] as? [Any])?.compactMap { $0 as? String } ?? []
        if let labels = json["id2label"] as? [String: Any] {
            for (key, value) in labels {
                if let i = Int(key), let name = value as? String { config.id2label[i] = name }
            }
        }
        config.problemType = json["problem_type"] as? String
        return config
    }

    /// Label names for `count` labels: `id2label[i]`, or HF's `LABEL_i` where it has none.
    func labels(count: Int) -> [String] {
        (0..<count).map { id2label[$0] ?? "LABEL_\($0)" }
    }

    /// True when `architectures` names `name`.
    func names(_ name: String) -> Bool { architectures.contains(name) }
}

/// The MLM head's weights (`BertLMPredictionHead`) in the encoder's layout.
struct MaskedLMWeights: @unchecked Sendable {
    /// cls.predictions.transform.dense (hidden x hidden).
    let transform: DenseWeights
    /// cls.predictions.transform.LayerNorm.
    let normGamma: UnsafePointer<Float>
    let normBeta: UnsafePointer<Float>
    /// The decoder (vocab x hidden): the word embeddings (tied) or cls.predictions.decoder.weight, with
    /// cls.predictions.bias.
    let decoder: DenseWeights
}

/// Every head's weights; nil where the checkpoint has none.
struct HeadWeights: @unchecked Sendable {
    /// cls.predictions.
    let maskedLM: MaskedLMWeights?
    /// cls.seq_relationship (2 x hidden).
    let nextSentence: DenseWeights?
    /// classifier (labels x hidden).
    let classifier: DenseWeights?
}

/// The heads' checked tensors (pass 1 of `BertWeights.init`), and the inventory they make.
struct HeadSources {
    struct MaskedLM {
        let transform: DenseSource
        let gamma: Source
        let beta: Source
        let decoder: DenseSource
    }

    var maskedLM: MaskedLM?
    var nextSentence: DenseSource?
    var classifier: DenseSource?
    var inventory = HeadInventory()

    /// Dense layers to place in the panel arena.
    var denseLayers: [DenseSource] {
        [maskedLM?.transform, maskedLM?.decoder, nextSentence, classifier].compactMap { $0 }
    }

    /// Finds the heads among `lookup`'s tensors (names normalised as `BertWeights.index` does).
    ///
    /// A head counts only when all its tensors are there (a partial one is noted and ignored, as a plain
    /// `BertModel` ignores it); a tensor of the wrong shape or dtype is an error naming it.
    init(
        lookup: [String: (SafeTensorsFile, TensorInfo)], config: BertConfig, heads: HeadConfig, word: Source,
        hasPooler: Bool
    ) throws {
        let h = config.hiddenSize
        func check(_ name: String, _ shape: [Int?]) throws -> Source? {
            guard let (file, info) = lookup[name] else { return nil }
            let matches = info.shape.count == shape.count && zip(info.shape, shape).allSatisfy { $1 == nil || $0 == $1 }
            guard matches else {
                let expected = shape.map { $0.map(String.init) ?? "labels" }.joined(separator: ", ")
                throw BertError.invalidFile(
                    path: file.path,
                    reason: "head tensor '\(info.name)' has shape \(info.shape), expected [\(expected)]")
            }
            guard [.f32, .f16, .bf16].contains(info.dtype) else {
                throw BertError.invalidFile(
                    path: file.path,
                    reason: "head tensor '\(info.name)' has dtype \(info.dtypeName); expected F32, F16 or BF16")
            }
            return Source(file: file, info: info)
        }
        /// All of `names` or none: a partial head is noted and dropped.
        func complete(_ head: String, _ parts: [(String, Source?)]) -> [Source]? {
            let missing = parts.filter { $0.1 == nil }.map(\.0)
            if missing.count == parts.count { return nil }
            if let first = missing.first {
                inventory.notes.append("\(head) head ignored: '\(first)' is missing from the checkpoint")
                return nil
            }
            return parts.compactMap(\.1)
        }

        // BertLMPredictionHead: transform (dense, act, LayerNorm) then the decoder plus cls.predictions.bias.
        let p = "cls.predictions."
        let decoderWeight = try check(p + "decoder.weight", [config.vocabSize, h])
        // transformers 5's decoder adds decoder.bias, an alias of cls.predictions.bias when the weights are tied
        // (then save_pretrained writes only the latter) and its own tensor when they are not.
        let bias = try check(p + "decoder.bias", [config.vocabSize]) ?? check(p + "bias", [config.vocabSize])
        let mlmParts: [(String, Source?)] = [
            (p + "transform.dense.weight", try check(p + "transform.dense.weight", [h, h])),
            (p + "transform.dense.bias", try check(p + "transform.dense.bias", [h])),
            (p + "transform.LayerNorm.weight", try check(p + "transform.LayerNorm.weight", [h])),
            (p + "transform.LayerNorm.bias", try check(p + "transform.LayerNorm.bias", [h])),
            (p + "bias", bias),
        ]
        if let s = complete("MLM", mlmParts) {
            maskedLM = MaskedLM(
                transform: DenseSource(weights: [s[0]], biases: [s[1]], outputs: h, inputs: h), gamma: s[2], beta: s[3],
                decoder: DenseSource(
                    weights: [decoderWeight ?? word], biases: [s[4]], outputs: config.vocabSize, inputs: h))
            inventory.maskedLM = true
        }

        // BertOnlyNSPHead / BertPreTrainingHeads: seq_relationship on pooler_output.
        let nspParts: [(String, Source?)] = [
            ("cls.seq_relationship.weight", try check("cls.seq_relationship.weight", [2, h])),
            ("cls.seq_relationship.bias", try check("cls.seq_relationship.bias", [2])),
        ]
        if let s = complete("NSP", nspParts) {
            if hasPooler {
                nextSentence = DenseSource(weights: [s[0]], biases: [s[1]], outputs: 2, inputs: h)
                inventory.nextSentence = true
            } else {
                inventory.notes.append("NSP head ignored: it reads pooler_output and the checkpoint has no pooler")
            }
        }

        // classifier: on pooler_output (sequence) or every token (token), as config.architectures says.
        let weight = try check("classifier.weight", [nil, h])
        let labelCount = weight?.info.shape[0] ?? 0
        let classifierParts: [(String, Source?)] = [
            ("classifier.weight", weight),
            ("classifier.bias", labelCount > 0 ? try check("classifier.bias", [labelCount]) : nil),
        ]
        if let s = complete("classifier", classifierParts) {
            let kind: ClassifierInfo.Kind? =
                heads.names("BertForTokenClassification")
                ? .token
                : heads.names("BertForSequenceClassification")
                    || heads.architectures.allSatisfy({ !$0.hasPrefix("BertFor") })
                    ? .sequence : nil
            if let kind, kind == .token || hasPooler {
                let scoring: ClassifierInfo.Scoring =
                    heads.problemType == "multi_label_classification" && kind == .sequence
                    ? .sigmoid : heads.problemType == "regression" || labelCount == 1 ? .raw : .softmax
                classifier = DenseSource(weights: [s[0]], biases: [s[1]], outputs: labelCount, inputs: h)
                inventory.classifier = ClassifierInfo(
                    kind: kind, labels: heads.labels(count: labelCount), scoring: scoring)
            } else if kind == nil {
                let names = heads.architectures.joined(separator: ", ")
                inventory.notes.append(
                    "classifier ignored: config.json's architectures (\(names)) is not a classifier bertscope reads")
            } else {
                inventory.notes.append("classifier ignored: it reads pooler_output and the checkpoint has no pooler")
            }
        }
        for (name, has) in [("BertForMaskedLM", inventory.maskedLM), ("BertForPreTraining", inventory.maskedLM)]
        where heads.names(name) && !has {
            inventory.notes.append("config.json names \(name) but the checkpoint has no complete cls.predictions head")
        }
    }

    /// Lays the heads out with the encoder's builder (pass 2; nothing throws).
    func build(_ builder: inout Builder) -> HeadWeights {
        HeadWeights(
            maskedLM: maskedLM.map { m in
                MaskedLMWeights(
                    transform: builder.dense(m.transform), normGamma: builder.tensor(m.gamma).pointer,
                    normBeta: builder.tensor(m.beta).pointer, decoder: builder.dense(m.decoder))
            },
            nextSentence: nextSentence.map { builder.dense($0) },
            classifier: classifier.map { builder.dense($0) })
    }
}
