import Foundation

/// What every head attends to (Clark et al. 2019, "What Does BERT Look At?"): per layer and head, seven figures.
///
/// Columns, in this order (also the last axis of `head_roles` in `inspect --save`):
/// 0 `cls`: the share of attention on `[CLS]`, 1 `sep`: on `[SEP]` (both of a pair's), 2 `punctuation`: on tokens
/// made only of punctuation (BERT's `_is_punctuation`), each the mean over query rows of the attention summed over
/// those keys; 3 `previous`, 4 `same`, 5 `next`: the mean attention from token q to q-1, q, q+1 (over the T-1 rows
/// that have such a neighbour, T rows for `same`); 6 `entropy`: the mean over rows of `-Σ p ln p`, in nats.
public struct HeadRoles: Sendable, Equatable {
    /// One figure per head; the raw value is its index on the last axis.
    public enum Column: Int, CaseIterable, Sendable {
        /// Share of attention on `[CLS]`.
        case cls
        /// Share of attention on `[SEP]`.
        case sep
        /// Share of attention on punctuation tokens.
        case punctuation
        /// Mean attention to the previous token.
        case previous
        /// Mean attention to the token itself.
        case same
        /// Mean attention to the next token.
        case next
        /// Mean row entropy in nats.
        case entropy

        /// The column's name in the `inspect --heads` table and figures' legends.
        public var name: String {
            switch self {
            case .cls: return "[CLS]"
            case .sep: return "[SEP]"
            case .punctuation: return "punct"
            case .previous: return "prev"
            case .same: return "self"
            case .next: return "next"
            case .entropy: return "entropy"
            }
        }

        /// The one-letter tag of a head whose dominant role this is (entropy is no role: nil).
        public var letter: Character? {
            switch self {
            case .cls: return "C"
            case .sep: return "S"
            case .punctuation: return "P"
            case .previous: return "<"
            case .same: return "="
            case .next: return ">"
            case .entropy: return nil
            }
        }
    }

    /// L, the number of layers.
    public let layers: Int
    /// Heads per layer.
    public let heads: Int
    /// (layers, heads, 7) row-major, columns in `Column` order.
    public let values: [Float]

    /// Creates roles from their (layers, heads, 7) values.
    public init(layers: Int, heads: Int, values: [Float]) {
        precondition(values.count == layers * heads * Column.allCases.count, "HeadRoles shape mismatch")
        self.layers = layers
        self.heads = heads
        self.values = values
    }

    /// The figure in `column` for head `head` (0-based) of layer `layer` (1...L).
    public subscript(layer: Int, head: Int, column: Column) -> Float {
        values[((layer - 1) * heads + head) * Column.allCases.count + column.rawValue]
    }

    /// The role whose share passes `EncodingAnalysis.headRoleThreshold`, the largest if several do; nil when none does.
    public func dominant(layer: Int, head: Int) -> Column? {
        let roles = Column.allCases.filter { $0.letter != nil }
        guard let best = roles.max(by: { self[layer, head, $0] < self[layer, head, $1] }) else { return nil }
        return self[layer, head, best] >= EncodingAnalysis.headRoleThreshold ? best : nil
    }
}

extension EncodingAnalysis {
    /// The share a role must reach to tag a head with it (half its attention, as Clark et al.'s examples show).
    public static let headRoleThreshold: Float = 0.5

    /// Every head's roles (see `HeadRoles` for the columns), computed once for all layers.
    public var headRoles: HeadRoles {
        cached(Key("head.roles")) { e in EncodingAnalysis.headRoles(of: e) }
    }

    /// The head roles if they have been computed (by `headRoles`, here or on another thread), without computing them.
    public var computedHeadRoles: HeadRoles? { computedValue(Key("head.roles"), as: HeadRoles.self) }

    static func headRoles(of e: Encoding) -> HeadRoles {
        let t = e.tokenCount
        let width = HeadRoles.Column.allCases.count
        let heads = e.attentions.first?.count ?? 0
        let classes = EncodingAnalysis.specialClasses(e)
        let (cls, sep, punctuation) = (classes[0], classes[1], classes[2])
        var values = [Float](repeating: 0, count: e.attentions.count * heads * width)
        guard t > 0 else { return HeadRoles(layers: e.attentions.count, heads: heads, values: values) }
        let rows = Float(t)
        let neighbourRows = Float(max(t - 1, 1))
        for (l, layer) in e.attentions.enumerated() {
            for (h, m) in layer.enumerated() {
                var sums = [Float](repeating: 0, count: width)
                m.withUnsafeBufferPointer { p in
                    for q in 0..<t {
                        let row = q * t
                        for k in cls { sums[0] += p[row + k] }
                        for k in sep { sums[1] += p[row + k] }
                        for k in punctuation { sums[2] += p[row + k] }
                        if q > 0 { sums[3] += p[row + q - 1] }
                        sums[4] += p[row + q]
                        if q + 1 < t { sums[5] += p[row + q + 1] }
                        var entropy: Float = 0
                        for k in 0..<t where p[row + k] > 0 { entropy -= p[row + k] * logf(p[row + k]) }
                        sums[6] += entropy
                    }
                }
                let base = (l * heads + h) * width
                for c in 0..<width {
                    let divisor = (c == 3 || c == 5) ? neighbourRows : rows
                    values[base + c] = sums[c] / divisor
                }
            }
        }
        return HeadRoles(layers: e.attentions.count, heads: heads, values: values)
    }
}
