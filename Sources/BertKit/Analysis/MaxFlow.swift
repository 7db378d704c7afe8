/// Maximum flow by Dinic's algorithm (BFS level graph, blocking flow by DFS with current-arc pointers) on a graph
/// built once and solved many times with some capacities changed: attention flow asks for T x T flows through one
/// layered graph whose first and last edges differ per (source, sink) pair.
///
/// Capacities are Double (the attention weights are Float; the sums of many small augmentations stay exact enough
/// for 1e-5 parity); a residual capacity at or below `epsilon` counts as saturated.
struct MaxFlow {
    /// Residual capacities at or below this are treated as zero.
    static let epsilon = 1e-12

    let nodeCount: Int
    /// Edge e goes to `to[e]`; its reverse is e ^ 1 (edges are added in pairs).
    private(set) var to: [Int32] = []
    /// Residual capacity of each edge.
    var residual: [Double] = []
    /// Edges leaving each node, in CSR form (built by `seal`).
    private var first: [Int32] = []
    private var edges: [Int32] = []
    private var from: [Int32] = []
    private var level: [Int32]
    private var current: [Int32]
    private var queue: [Int32]

    init(nodes: Int) {
        nodeCount = nodes
        level = Array(repeating: -1, count: nodes)
        current = Array(repeating: 0, count: nodes)
        queue = Array(repeating: 0, count: nodes)
    }

    /// Adds an edge u -> v of capacity `capacity` (and its reverse of capacity 0); returns the edge's index.
    @discardableResult
    mutating func addEdge(_ u: Int, _ v: Int, capacity: Double) -> Int {
        let e = to.count
        from.append(Int32(u))
        to.append(Int32(v))
        residual.append(capacity)
        from.append(Int32(v))
        to.append(Int32(u))
        residual.append(0)
        return e
    }

    /// Builds the adjacency lists; call once after the last `addEdge`.
    mutating func seal() {
        var counts = [Int32](repeating: 0, count: nodeCount + 1)
        for u in from { counts[Int(u) + 1] += 1 }
        for i in 0..<nodeCount { counts[i + 1] += counts[i] }
        first = counts
        var fill = counts
        edges = [Int32](repeating: 0, count: from.count)
        for (e, u) in from.enumerated() {
            edges[Int(fill[Int(u)])] = Int32(e)
            fill[Int(u)] += 1
        }
    }

    /// The maximum flow from `source` to `sink` with the current residual capacities (which it uses up).
    mutating func solve(source: Int, sink: Int) -> Double {
        var total = 0.0
        while buildLevels(source: source, sink: sink) {
            for u in 0..<nodeCount { current[u] = first[u] }
            while true {
                let pushed = augment(Int32(source), sink: Int32(sink), limit: .infinity)
                if pushed <= Self.epsilon { break }
                total += pushed
            }
        }
        return total
    }

    /// BFS from `source` over unsaturated edges; true when `sink` is reached.
    private mutating func buildLevels(source: Int, sink: Int) -> Bool {
        for u in 0..<nodeCount { level[u] = -1 }
        level[source] = 0
        queue[0] = Int32(source)
        var head = 0
        var tail = 1
        while head < tail {
            let u = Int(queue[head])
            head += 1
            for k in Int(first[u])..<Int(first[u + 1]) {
                let e = Int(edges[k])
                let v = Int(to[e])
                if level[v] < 0 && residual[e] > Self.epsilon {
                    level[v] = level[u] + 1
                    queue[tail] = Int32(v)
                    tail += 1
                }
            }
        }
        return level[sink] >= 0
    }

    /// One augmenting path in the level graph from `u`, pushing at most `limit`; the amount pushed.
    private mutating func augment(_ u: Int32, sink: Int32, limit: Double) -> Double {
        if u == sink { return limit }
        let ui = Int(u)
        while current[ui] < first[ui + 1] {
            let e = Int(edges[Int(current[ui])])
            let v = to[e]
            if residual[e] > Self.epsilon && level[Int(v)] == level[ui] + 1 {
                let pushed = augment(v, sink: sink, limit: min(limit, residual[e]))
                if pushed > Self.epsilon {
                    residual[e] -= pushed
                    residual[e ^ 1] += pushed
                    return pushed
                }
            }
            current[ui] += 1
        }
        return 0
    }
}
