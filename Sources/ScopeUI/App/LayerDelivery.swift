import BertKit

/// When the encode worker hands the run loop a prefix of the encoding it is computing (the explorer's worker and
/// `bench` follow it alike): as soon as the layer the screen needs (`AppState.layerNeededFirst`) has been
/// computed, and again only if the screen moves on to a layer past what it was given. The complete encoding is
/// always handed over at the end. When a layer is slow (a long input on a big model: `fillsInLaterLayers`), every
/// later layer is handed over too, so the slider and the status bar show the rest arriving; a fast layer is not
/// worth a frame (drawing competes with the encoder for the cores), so a short input gives one or two frames.
public struct LayerDelivery: Sendable {
    /// The most layers handed over so far (-1: none).
    public private(set) var delivered = -1
    /// Hand over each layer after the needed one as it is computed (nil: decided by the first `ForwardProgress`).
    public private(set) var fillsInLaterLayers: Bool?

    /// Layers of at least this many floating-point operations are handed over one by one after the needed one
    /// (about 5 ms a layer here: bert-base from about 130 tokens, MiniLM from about 460).
    public static let fillInFLOPs = 2e9

    /// A policy that has handed over nothing yet (one per encode); whether it fills in later layers is given, or
    /// (nil) decided from the input's length and the model's size at the first progress report.
    public init(fillsInLaterLayers: Bool? = nil) {
        self.fillsInLaterLayers = fillsInLaterLayers
    }

    /// Whether to hand over `progress` (its prefix) while the screen needs layer `wanted`; records it when so.
    public mutating func shouldDeliver(_ progress: ForwardProgress, wanted: Int) -> Bool {
        if fillsInLaterLayers == nil {
            fillsInLaterLayers = progress.config.layerFLOPs(tokens: progress.input.tokens.count) >= Self.fillInFLOPs
        }
        return shouldDeliver(computed: progress.computedLayers, total: progress.totalLayers, wanted: wanted)
    }

    /// Whether to hand over the prefix with `computed` of `total` layers while the screen needs layer `wanted`;
    /// records it when so. The complete encoding (`computed == total`) is handed over by the caller, not here.
    public mutating func shouldDeliver(computed: Int, total: Int, wanted: Int) -> Bool {
        guard computed < total, computed >= wanted,
            delivered < wanted || (fillsInLaterLayers == true && computed > delivered)
        else { return false }
        delivered = computed
        return true
    }
}
