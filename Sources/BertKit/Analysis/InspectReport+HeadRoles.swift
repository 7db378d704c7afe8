import Foundation

extension InspectReport {
    /// The `inspect --heads` table: every layer's and head's roles (Clark et al. 2019), one row per head.
    public var headRolesText: String {
        let e = encoding
        let uniform = String(format: "%.2f", Double(logf(Float(max(e.tokenCount, 1)))))
        return InspectReport.headRolesTable(
            EncodingAnalysis(e).headRoles, over: "over the \(e.tokenCount) tokens", uniformEntropy: uniform)
    }

    /// The head-roles table for `roles` (one sentence's, or a corpus mean: `bertscope heads --corpus`), its first
    /// line ending with `over` and the entropy legend naming `uniformEntropy`, the entropy of uniform attention.
    public static func headRolesTable(_ roles: HeadRoles, over: String, uniformEntropy uniform: String) -> String {
        let columns = HeadRoles.Column.allCases
        let threshold = String(format: "%.2f", Double(EncodingAnalysis.headRoleThreshold))
        var out: [String] = []
        out.append("head roles (Clark et al. 2019), per layer and head \(over):")
        out.append("  [CLS] [SEP] punct: share of each query's attention on those keys, mean over queries")
        out.append(
            "  prev self next: attention to the token before, itself, after; entropy in nats (uniform: \(uniform))")
        out.append("  role: the share that reaches \(threshold) (the largest if several), else -")
        out.append("")
        let widths = columns.map { max($0.name.count, 6) }
        var header = "layer  head"
        for (c, w) in zip(columns, widths) { header += "  " + pad(c.name, w) }
        out.append(header + "  role")
        for layer in stride(from: 1, through: roles.layers, by: 1) {
            for head in 0..<roles.heads {
                var row = pad(String(layer), 5) + "  " + pad(String(head + 1), 4)
                for (c, w) in zip(columns, widths) {
                    row += "  " + pad(String(format: "%.3f", Double(roles[layer, head, c])), w)
                }
                let role = roles.dominant(layer: layer, head: head)
                row += "  " + (role.map { "\($0.letter.map(String.init) ?? "") \($0.name)" } ?? "-")
                out.append(row)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `s` right-aligned in `width` columns.
    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
