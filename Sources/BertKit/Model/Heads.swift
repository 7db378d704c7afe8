/// The heads a checkpoint carries on top of its `BertModel` (HF's `BertFor*` classes), as the views describe them.
///
/// A head is there when all its tensors are: `cls.predictions.*` (masked LM), `cls.seq_relationship.*`
/// (next-sentence prediction), `classifier.*` (sequence or token classification, told apart by
/// `config.architectures`). A checkpoint without heads has an empty inventory and works as a plain encoder.
public struct HeadInventory: Sendable, Equatable {
    /// `cls.predictions`: transform (dense, activation, LayerNorm) and the decoder over the vocabulary.
    public var maskedLM: Bool
    /// `cls.seq_relationship` on pooler_output: P(IsNext).
    public var nextSentence: Bool
    /// `classifier`, with its labels.
    public var classifier: ClassifierInfo?
    /// Why a head that `config.architectures` or some tensors point to is not usable (one line each).
    public var notes: [String]

    /// An inventory (all absent by default: a plain `BertModel`).
    public init(
        maskedLM: Bool = false, nextSentence: Bool = false, classifier: ClassifierInfo? = nil, notes: [String] = []
    ) {
        self.maskedLM = maskedLM
        self.nextSentence = nextSentence
        self.classifier = classifier
        self.notes = notes
    }

    /// True when the checkpoint has no head at all.
    public var isEmpty: Bool { !maskedLM && !nextSentence && classifier == nil }

    /// "this checkpoint has no MLM head" and its kin: what a view shows in place of a head's output.
    public static func absence(_ head: String) -> String { "this checkpoint has no \(head) head" }
}

/// A `classifier` head: on pooler_output (sequence) or on every token of last_hidden_state (token).
public struct ClassifierInfo: Sendable, Equatable {
    /// Where the classifier reads.
    public enum Kind: String, Sendable, Equatable {
        /// `BertForSequenceClassification`: one prediction from pooler_output.
        case sequence
        /// `BertForTokenClassification`: one tag per token of last_hidden_state.
        case token
    }

    /// How logits become scores (HF's `problem_type`).
    public enum Scoring: String, Sendable, Equatable {
        /// softmax over the labels (`single_label_classification`, the default).
        case softmax
        /// an independent sigmoid per label (`multi_label_classification`).
        case sigmoid
        /// the raw logit (`regression`, or a single label).
        case raw
    }

    /// Sequence or token.
    public var kind: Kind
    /// Label names by index: `config.id2label`, `LABEL_i` where it has none.
    public var labels: [String]
    /// Softmax, sigmoid or raw.
    public var scoring: Scoring

    /// Creates a classifier description.
    public init(kind: Kind, labels: [String], scoring: Scoring) {
        self.kind = kind
        self.labels = labels
        self.scoring = scoring
    }
}

/// One vocabulary entry the MLM head predicts, with its logit and probability (softmax over the vocabulary).
public struct TokenPrediction: Sendable, Hashable {
    /// Vocabulary id.
    public let id: Int
    /// The vocabulary entry (`vocab.txt`'s line).
    public let token: String
    /// The raw logit.
    public let logit: Float
    /// softmax(logits)[id].
    public let probability: Float

    /// Creates a prediction.
    public init(id: Int, token: String, logit: Float, probability: Float) {
        self.id = id
        self.token = token
        self.logit = logit
        self.probability = probability
    }
}

/// The masked-LM head's answer at one position: the top predictions, best first.
public struct MaskPrediction: Sendable {
    /// Token position in the input.
    public let position: Int
    /// The best predictions, best first (ties: lower id first, as torch.topk on CPU gives).
    public let top: [TokenPrediction]
}

/// The MLM head applied to `hidden_states[l]` at one position, for one layer l.
public struct LensStep: Sendable {
    /// l, 0 (embeddings) ... L.
    public let layer: Int
    /// The best predictions at this layer, best first.
    public let top: [TokenPrediction]
    /// Rank (1 = best) of the final layer's top prediction at this layer.
    public let answerRank: Int
    /// Probability of the final layer's top prediction at this layer.
    public let answerProbability: Float
}

/// The logit lens at one position: what the MLM head reads from each layer's hidden state.
public struct LogitLens: Sendable {
    /// Token position.
    public let position: Int
    /// One step per hidden state, 0...L.
    public let steps: [LensStep]
    /// The final layer's top prediction (what `answerRank` and `answerProbability` follow).
    public var answer: TokenPrediction? { steps.last?.top.first }
}

/// One label's score from a classifier.
public struct LabelScore: Sendable, Hashable {
    /// Label index.
    public let index: Int
    /// Its name (`id2label`, or `LABEL_i`).
    public let label: String
    /// The raw logit.
    public let logit: Float
    /// softmax or sigmoid of the logit (the logit itself for raw scoring).
    public let score: Float
}

/// `BertForNextSentencePrediction` on pooler_output: logits and P(IsNext) = softmax(logits)[0].
public struct NextSentencePrediction: Sendable {
    /// `seq_relationship_logits`, (2): index 0 is "B follows A", index 1 "B is random".
    public let logits: [Float]
    /// softmax(logits)[0].
    public let isNext: Float
}

/// What the checkpoint's heads say about one encoding (computed with it; nil or empty where a head is absent).
public struct HeadOutputs: Sendable {
    /// Which heads the model has.
    public let inventory: HeadInventory
    /// The MLM head at every `[MASK]`, in position order.
    public let masks: [MaskPrediction]
    /// NSP, when the checkpoint has that head and a pooler.
    public let nextSentence: NextSentencePrediction?
    /// A sequence classifier's scores, in label order.
    public let sequenceLabels: [LabelScore]?
    /// A token classifier's `logits`, (T, labels).
    public let tokenLogits: Matrix?
    /// A token classifier's best label per token.
    public let tokenTags: [LabelScore]?
    /// The logit lens at the positions asked for when encoding.
    public let lens: [LogitLens]
    /// The model, to compute what depends on what is shown (the lens at another position) after the encode.
    var runner: (any HeadRunner)?
    /// Seconds the heads took inside the encode that made them (what `bench` reports as their cost).
    public internal(set) var seconds: Double = 0

    /// Creates head outputs (all empty by default: a checkpoint without heads).
    public init(
        inventory: HeadInventory = HeadInventory(), masks: [MaskPrediction] = [],
        nextSentence: NextSentencePrediction? = nil, sequenceLabels: [LabelScore]? = nil, tokenLogits: Matrix? = nil,
        tokenTags: [LabelScore]? = nil, lens: [LogitLens] = []
    ) {
        self.inventory = inventory
        self.masks = masks
        self.nextSentence = nextSentence
        self.sequenceLabels = sequenceLabels
        self.tokenLogits = tokenLogits
        self.tokenTags = tokenTags
        self.lens = lens
    }

    /// The lens at `position`, if it was computed.
    public func lens(at position: Int) -> LogitLens? { lens.first { $0.position == position } }
}

/// Runs the heads on an encoding after the fact (the model that made it).
protocol HeadRunner: AnyObject, Sendable {
    /// The logit lens at `positions` of `encoding` (waits while the model is encoding).
    func logitLens(_ encoding: Encoding, positions: [Int]) -> [LogitLens]
    /// The logit lens at `position`, or nil at once when the model is busy encoding (the screen never waits).
    func logitLensIfIdle(_ encoding: Encoding, position: Int) -> LogitLens??
}

extension HeadOutputs {
    /// The logit lens at `position`: kept from the encode if it was asked for then, otherwise computed now
    /// by the model (one pass over the decoder); nil without an MLM head. `EncodingAnalysis.logitLens(at:)`
    /// caches it.
    /// With `wait` false, returns nil (not `.some(nil)`) when the model is busy encoding, without computing.
    func computeLens(_ encoding: Encoding, at position: Int, wait: Bool) -> LogitLens?? {
        guard inventory.maskedLM, (0..<encoding.tokenCount).contains(position) else { return .some(nil) }
        if let kept = lens(at: position) { return kept }
        guard let runner else { return .some(nil) }
        if wait { return runner.logitLens(encoding, positions: [position]).first }
        return runner.logitLensIfIdle(encoding, position: position)
    }
}
