import BertKit

/// An encoding as the explorer holds it: the encoding and its analysis (statistics computed on first use, once).
///
/// Build it anywhere (it is `Sendable`; the encode worker may warm what the screen will show first) and hand it to
/// `ExplorerCore.receive(_:request:)`.
public typealias PreparedEncoding = EncodingAnalysis

extension ActivationSource {
    /// The analysis layer's name for this matrix.
    public var kind: ActivationKind {
        switch self {
        case .hidden: return .hidden
        case .intermediate: return .intermediate
        }
    }
}

extension HeadSelection {
    /// The reduction over heads this selection asks for (nil: a single head).
    public var reduction: HeadReduction? {
        switch self {
        case .single: return nil
        case .mean: return .mean
        case .max: return .max
        }
    }
}
