import BertKit

/// Attention flow for the screen, computed off the UI thread: the state says which flow it is missing, the run
/// loop computes it in the background (`EncodingAnalysis.flow(layer:shouldStop:)` on the encoding on screen, which
/// keeps it) and redraws when it is there. A newer encoding or another layer makes a new request, and the old one
/// stops at its next row.
public struct FlowRequest: Sendable, Hashable {
    /// The encode request whose encoding the flow is of (`AppState.shownRequest`).
    public let request: Int
    /// The layer, 1...L.
    public let layer: Int

    /// Creates a request.
    public init(request: Int, layer: Int) {
        self.request = request
        self.layer = layer
    }
}

/// Where the flow shown by the attention view stands.
public enum FlowStatus: Sendable, Equatable {
    /// Computed: the (T, T) values.
    case ready([Float])
    /// Being computed in the background (or about to be).
    case computing
    /// The input is longer than `EncodingAnalysis.flowTokenLimit`: n tokens.
    case tooLong(Int)
}

extension AppState {
    /// The flow the screen shows and lacks, for the run loop to compute in the background; nil when the attention
    /// view does not show flow, at layer 0, while an encode is running (typing goes first), for an input past the
    /// length limit, or when it is computed.
    public var flowNeeded: FlowRequest? {
        guard mainView == .attention, attentionSource == .flow, layer >= 1, !isEncoding, let prepared,
            prepared.tokenCount <= EncodingAnalysis.flowTokenLimit, isLayerReady(layer),
            prepared.computedFlow(layer: layer) == nil
        else { return nil }
        return FlowRequest(request: shownRequest, layer: layer)
    }

    /// The flow at the slider's layer as the view can show it (nil before the first encoding or at layer 0).
    public var flowStatus: FlowStatus? {
        guard let prepared, layer >= 1, isLayerReady(layer) else { return nil }
        if prepared.tokenCount > EncodingAnalysis.flowTokenLimit { return .tooLong(prepared.tokenCount) }
        return prepared.computedFlow(layer: layer).map { .ready($0) } ?? .computing
    }
}
