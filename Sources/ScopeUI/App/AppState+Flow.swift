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

/// An analysis the screen shows and lacks, computed off the UI thread by the run loop into the encoding's
/// analysis (which keeps it); the screen says "computing…" meanwhile and redraws when it is there. Flow always
/// runs there; value-weighted norms and head roles do for inputs over `EncodingAnalysis.foregroundTokenLimit`
/// tokens (under it they are computed as the screen draws, in a few milliseconds).
public enum BackgroundAnalysis: Sendable, Hashable {
    /// Attention flow up to this layer.
    case flow(layer: Int)
    /// The value-weighted norms of this layer (summed, per head, and the shares).
    case norms(layer: Int)
    /// Every head's roles (all layers at once).
    case headRoles
}

/// A background analysis of the encoding of one encode request.
public struct AnalysisRequest: Sendable, Hashable {
    /// The encode request whose encoding it is of (`AppState.shownRequest`).
    public let request: Int
    /// What to compute.
    public let analysis: BackgroundAnalysis

    /// Creates a request.
    public init(request: Int, analysis: BackgroundAnalysis) {
        self.request = request
        self.analysis = analysis
    }
}

extension AppState {
    /// What the screen shows and lacks, for the run loop to compute in the background (flow first); nil while an
    /// encode is running (typing goes first) and when everything shown is there.
    public var backgroundNeeded: AnalysisRequest? {
        if let flow = flowNeeded { return AnalysisRequest(request: flow.request, analysis: .flow(layer: flow.layer)) }
        guard !isEncoding, let prepared, prepared.tokenCount > EncodingAnalysis.foregroundTokenLimit else { return nil }
        switch mainView {
        case .attention
        where attentionSource == .norms && layer >= 1 && isLayerReady(layer)
            && prepared.carriesValueVectors && !prepared.hasComputedNorms(layer: layer):
            return AnalysisRequest(request: shownRequest, analysis: .norms(layer: layer))
        case .grid where prepared.computedHeadRoles == nil:
            return AnalysisRequest(request: shownRequest, analysis: .headRoles)
        default:
            return nil
        }
    }

    /// Whether the attention view can draw the norms of the slider's layer now: computed, or short enough to
    /// compute as it draws.
    public var normsReady: Bool {
        guard let prepared else { return false }
        return prepared.tokenCount <= EncodingAnalysis.foregroundTokenLimit || prepared.hasComputedNorms(layer: layer)
    }

    /// The head roles the grid shows: computed now for a short input, nil while a long input's are computed in the
    /// background.
    public var headRolesShown: HeadRoles? {
        guard let prepared else { return nil }
        return prepared.tokenCount <= EncodingAnalysis.foregroundTokenLimit
            ? prepared.headRoles : prepared.computedHeadRoles
    }
}

extension EncodingAnalysis {
    /// Computes `what` into this analysis (which keeps it); false when `shouldStop` stopped it first (flow only).
    public func compute(_ what: BackgroundAnalysis, shouldStop: () -> Bool = { false }) -> Bool {
        switch what {
        case .flow(let layer): return flow(layer: layer, shouldStop: shouldStop) != nil
        case .norms(let layer): computeNorms(layer: layer)
        case .headRoles: _ = headRoles
        }
        return true
    }
}

extension ExplorerCore {
    /// Computes here and now every analysis the screen would otherwise get from the background, so a screen
    /// drawn once (`render --view screen`) shows them instead of "computing…".
    public func computeBackgroundAnalyses() {
        var done: Set<AnalysisRequest> = []
        while let wanted = state.backgroundNeeded, done.insert(wanted).inserted, let prepared = state.prepared {
            _ = prepared.compute(wanted.analysis)
        }
    }
}
