import Foundation

/// The heads (HF's `BertOnlyMLMHead`, `BertOnlyNSPHead`, `BertPreTrainingHeads`, the classifiers) on the
/// encoder's engine. The vocabulary projection is the largest matrix in the model, so it runs only on the rows
/// that are shown (the masks, the lens positions), through the same `dense` (packed panels or OpenBLAS).
extension Encoder {
    /// `BertLMPredictionHead` on `rows` hidden vectors: decoder(LayerNorm(act(dense(x)))) + bias -> (rows, vocab).
    func maskedLMLogits(_ head: MaskedLMWeights, rows: [ArraySlice<Float>]) -> [Float] {
        let n = rows.count
        let h = config.hiddenSize
        let v = head.decoder.outputs
        guard n > 0 else { return [] }
        var x = [Float](repeating: 0, count: n * h)  // (rows, hidden): the gathered hidden vectors
        for (r, row) in rows.enumerated() {
            precondition(row.count == h, "hidden vector of the wrong width")
            x.replaceSubrange((r * h)..<((r + 1) * h), with: row)
        }
        var transformed = [Float](repeating: 0, count: n * h)  // (rows, hidden)
        var logits = [Float](repeating: 0, count: n * v)  // (rows, vocab)
        x.withUnsafeBufferPointer { xp in
            transformed.withUnsafeMutableBufferPointer { tp in
                guard let xb = xp.baseAddress, let tb = tp.baseAddress else { return }
                // BertPredictionHeadTransform: dense, the config's activation (gelu), LayerNorm.
                dense(head.transform, x: xb, rows: n, out: tb)
                Kernels.gelu(tb, count: n * h)
                for r in 0..<n {
                    Kernels.layerNorm(
                        tb + r * h, count: h, gamma: head.normGamma, beta: head.normBeta, eps: config.layerNormEps)
                }
                logits.withUnsafeMutableBufferPointer { lp in
                    guard let lb = lp.baseAddress else { return }
                    dense(head.decoder, x: tb, rows: n, out: lb)
                }
            }
        }
        return logits
    }

    /// A small dense head (NSP, classifier) on `rows` vectors -> (rows, outputs).
    func headLogits(_ d: DenseWeights, rows: [ArraySlice<Float>]) -> [Float] {
        let n = rows.count
        let h = d.inputs
        guard n > 0 else { return [] }
        var x = [Float](repeating: 0, count: n * h)
        for (r, row) in rows.enumerated() { x.replaceSubrange((r * h)..<((r + 1) * h), with: row) }
        var out = [Float](repeating: 0, count: n * d.outputs)
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                guard let xb = xp.baseAddress, let ob = op.baseAddress else { return }
                dense(d, x: xb, rows: n, out: ob)
            }
        }
        return out
    }

    /// Every head's output for `encoding`: the MLM head at each `[MASK]` (`maskId`) and the lens at `lens`
    /// positions, NSP and the classifiers.
    func heads(
        for encoding: Encoding, inventory: HeadInventory, maskId: Int?, vocabulary: [String], lens: [Int], top k: Int
    ) -> HeadOutputs {
        let heads = weights.heads
        let t = encoding.tokenCount
        var masks: [MaskPrediction] = []
        var lenses: [LogitLens] = []
        if let mlm = heads.maskedLM {
            let positions = maskId.map { id in encoding.tokens.indices.filter { encoding.tokens[$0].id == id } } ?? []
            let lensPositions = lens.filter { (0..<t).contains($0) }
            // One pass over the decoder for every row shown: the masks' last layer, then each lens position's layers.
            var rows = positions.map { encoding.lastHiddenState.row($0) }
            for p in lensPositions { rows += encoding.hiddenStates.map { $0.row(p) } }
            let logits = maskedLMLogits(mlm, rows: rows)
            let v = mlm.decoder.outputs
            logits.withUnsafeBufferPointer { all in
                func row(_ r: Int) -> UnsafeBufferPointer<Float> {
                    UnsafeBufferPointer(rebasing: all[(r * v)..<((r + 1) * v)])
                }
                for (i, p) in positions.enumerated() {
                    masks.append(
                        MaskPrediction(
                            position: p, top: PredictionMath.predictions(row(i), k: k, vocabulary: vocabulary).top))
                }
                let layers = encoding.hiddenStates.count
                for (j, p) in lensPositions.enumerated() {
                    let first = positions.count + j * layers
                    lenses.append(
                        Self.lens(
                            position: p, rows: (0..<layers).map { row(first + $0) }, k: k, vocabulary: vocabulary,
                            runner: runner)
                    )
                }
            }
        }
        var nsp: NextSentencePrediction?
        if let d = heads.nextSentence, let pooler = encoding.poolerOutput {
            let logits = headLogits(d, rows: [pooler[...]])
            nsp = NextSentencePrediction(logits: logits, isNext: PredictionMath.softmax(logits)[0])
        }
        var sequenceLabels: [LabelScore]?
        var tokenLogits: Matrix?
        var tokenTags: [LabelScore]?
        if let d = heads.classifier, let info = inventory.classifier {
            switch info.kind {
            case .sequence:
                if let pooler = encoding.poolerOutput {
                    sequenceLabels = PredictionMath.labelScores(
                        headLogits(d, rows: [pooler[...]]), labels: info.labels, scoring: info.scoring)
                }
            case .token:
                let last = encoding.lastHiddenState
                let all = headLogits(d, rows: (0..<t).map { last.row($0) })
                let n = d.outputs
                tokenLogits = Matrix(rows: t, cols: n, base: all)
                // A tag is the best label under softmax (argmax of the logits), scored as the head scores.
                tokenTags = (0..<t).map { r in
                    let scores = PredictionMath.labelScores(
                        Array(all[(r * n)..<((r + 1) * n)]), labels: info.labels, scoring: info.scoring)
                    return scores.max { $0.logit < $1.logit || ($0.logit == $1.logit && $0.index > $1.index) }
                        ?? scores[0]
                }
            }
        }
        return HeadOutputs(
            inventory: inventory, masks: masks, nextSentence: nsp, sequenceLabels: sequenceLabels,
            tokenLogits: tokenLogits, tokenTags: tokenTags, lens: lenses)
    }

    /// The logit lens from one position's logits at every layer (rows 0...L), the layers spread over `runner`'s
    /// threads (each is a 30,000-term softmax, a top k and a rank).
    static func lens(
        position: Int, rows: [UnsafeBufferPointer<Float>], k: Int, vocabulary: [String], runner: ParallelRunner?
    ) -> LogitLens {
        let finalTop = rows.last.map { PredictionMath.topK($0, k: 1) } ?? []
        let job = LensJob(rows: rows, answer: finalTop.first ?? 0, k: k, vocabulary: vocabulary)
        (runner ?? SerialRunner()).parallel(rows.count, job)
        return LogitLens(position: position, steps: job.steps())
    }
}

/// One lens step per chunk; each chunk writes only its own slot.
private final class LensJob: ChunkedJob {
    let rows: [UnsafeBufferPointer<Float>]
    let answer: Int
    let k: Int
    let vocabulary: [String]
    let slots: UnsafeMutablePointer<LensStep?>  // (layers): filled by `run`

    init(rows: [UnsafeBufferPointer<Float>], answer: Int, k: Int, vocabulary: [String]) {
        self.rows = rows
        self.answer = answer
        self.k = k
        self.vocabulary = vocabulary
        slots = .allocate(capacity: rows.count)
        slots.initialize(repeating: nil, count: rows.count)
    }

    deinit {
        slots.deinitialize(count: rows.count)
        slots.deallocate()
    }

    func run(chunk l: Int, worker: Int) {
        let row = rows[l]
        let (top, lse) = PredictionMath.predictions(row, k: k, vocabulary: vocabulary)
        slots[l] = LensStep(
            layer: l, top: top, answerRank: PredictionMath.rank(of: answer, in: row),
            answerProbability: PredictionMath.probability(row[answer], logSumExp: lse))
    }

    /// The steps, in layer order, once every chunk has run.
    func steps() -> [LensStep] { (0..<rows.count).compactMap { slots[$0] } }
}
