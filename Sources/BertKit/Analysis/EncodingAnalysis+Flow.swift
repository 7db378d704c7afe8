extension EncodingAnalysis {
    /// The longest input whose attention flow the explorer computes (beyond it the view says it is too long):
    /// `bertscope bench` times flow by length, and at this length the deepest layer of bert-base takes a few
    /// seconds of one core in the background.
    public static let flowTokenLimit = 48

    /// Attention flow (Abnar & Zuidema 2020) at layer `layer` (1...L), (T, T) row-major; nil outside 1...L, for a
    /// layer not computed yet, or when `shouldStop` said so (it is asked between rows).
    ///
    /// The graph is the paper's (samiraabnar/attention_flow, `get_adjmat` and `compute_flows`): a node per token
    /// and layer 0...L, an edge from token q at layer l to token k at layer l - 1 of capacity `A_l[q][k]`, the
    /// residual-mixed attention of rollout (`0.5 * mean over heads + 0.5 * I`, rows renormalised). Row q of layer
    /// i is the maximum flow from token q at layer i to each input token k at layer 0, computed pair by pair,
    /// and then divided by the row's sum, as the reference does. Costly (T^2 maximum flows through i - 1 dense
    /// layers): the explorer runs it in the background; once computed it is kept like any other value.
    public func flow(layer: Int, shouldStop: () -> Bool = { false }) -> [Float]? {
        let key = Key("flow", layer)
        if let known = computedValue(key, as: [Float].self) { return known }
        guard layer >= 1, layer <= encoding.attentions.count else { return nil }
        let t = tokenCount
        var mixed: [[Float]] = []  // A_1 ... A_layer, each (T, T)
        for l in 1...layer {
            guard let mean = attention(layer: l, .mean) else { return nil }
            mixed.append(EncodingAnalysis.withResidual(mean, tokens: t))
        }
        guard let value = EncodingAnalysis.flow(mixed, tokens: t, shouldStop: shouldStop) else { return nil }
        return cached(key) { _ in value }
    }

    /// The flow at `layer` if it has been computed (by `flow(layer:)`, maybe on another thread), else nil.
    public func computedFlow(layer: Int) -> [Float]? {
        computedValue(Key("flow", layer), as: [Float].self)
    }

    /// Row-normalised maximum flows from each token at the top of `mixed` (A_1 ... A_i) to each input token.
    static func flow(_ mixed: [[Float]], tokens t: Int, shouldStop: () -> Bool) -> [Float]? {
        let layers = mixed.count
        guard t > 0, layers > 0 else { return [] }
        var out = [Float](repeating: 0, count: t * t)
        if layers == 1 {
            // One layer: the only path from q to k is the edge itself.
            for q in 0..<t { normalise(Array(mixed[0][(q * t)..<(q * t + t)]).map(Double.init), into: &out, row: q) }
            return out
        }
        // Nodes: 0 the source's edges start at (token q of layer i, one per row), then layers i-1 ... 1 of T tokens
        // each, then the sink (token k of layer 0, one per column). Only the source's and the sink's edges change.
        let inner = layers - 1
        let sink = 1 + inner * t
        var graph = MaxFlow(nodes: sink + 1)
        let top = mixed[layers - 1]
        let bottom = mixed[0]
        var sourceEdges: [Int] = []
        for k in 0..<t { sourceEdges.append(graph.addEdge(0, 1 + k, capacity: 0)) }
        for r in 0..<(inner - 1) {
            let a = mixed[layers - 2 - r]  // layer i-1-r, from inner row r to row r + 1
            for q in 0..<t {
                for k in 0..<t {
                    graph.addEdge(1 + r * t + q, 1 + (r + 1) * t + k, capacity: Double(a[q * t + k]))
                }
            }
        }
        var sinkEdges: [Int] = []
        for q in 0..<t { sinkEdges.append(graph.addEdge(1 + (inner - 1) * t + q, sink, capacity: 0)) }
        graph.seal()
        let fresh = graph.residual
        var row = [Double](repeating: 0, count: t)
        for q in 0..<t {
            if shouldStop() { return nil }
            for v in 0..<t {
                graph.residual = fresh
                for k in 0..<t {
                    graph.residual[sourceEdges[k]] = Double(top[q * t + k])
                    graph.residual[sinkEdges[k]] = Double(bottom[k * t + v])
                }
                row[v] = graph.solve(source: 0, sink: sink)
            }
            normalise(row, into: &out, row: q)
        }
        return out
    }

    /// Writes `values / sum(values)` into row `row` of `out` (zeros stay zeros when the sum is 0).
    private static func normalise(_ values: [Double], into out: inout [Float], row: Int) {
        let t = values.count
        let sum = values.reduce(0, +)
        for k in 0..<t { out[row * t + k] = sum > 0 ? Float(values[k] / sum) : 0 }
    }
}
