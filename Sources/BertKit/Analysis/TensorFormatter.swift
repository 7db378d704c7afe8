import Foundation

/// Prints tensors the way `print(tensor)` does in a notebook: fixed 4 decimals, aligned columns, and
/// summarised with `...` (3 edge items per dimension) once a tensor has more than 1000 elements.
public struct TensorFormatter: Sendable {
    /// Items kept at each end of a summarised dimension.
    public var edgeItems = 3
    /// Element count above which a tensor is summarised.
    public var threshold = 1000
    /// Digits after the decimal point.
    public var precision = 4

    /// A formatter with torch's defaults.
    public init() {}

    /// Formats a tensor of `shape` whose element at a flat row-major index is `value(index)`.
    /// `summarise` forces the `...` form on or off (default: above `threshold` elements, like torch).
    public func format(shape: [Int], prefix: String = "tensor(", summarise: Bool? = nil, value: (Int) -> Float)
        -> String
    {
        let count = shape.reduce(1, *)
        let summarise = summarise ?? (count > threshold)
        // Indices shown along each dimension (nil marks the "..." gap).
        let shown: [[Int?]] = shape.map { n in
            if summarise && n > 2 * edgeItems {
                return Array(0..<edgeItems).map { Optional($0) } + [nil]
                    + Array((n - edgeItems)..<n).map { Optional($0) }
            }
            return Array(0..<n).map { Optional($0) }
        }
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        // Column width from the values that will be shown.
        var width = 1
        func visit(_ d: Int, _ base: Int, _ body: (Int) -> Void) {
            if d == shape.count {
                body(base)
                return
            }
            for i in shown[d] { if let i { visit(d + 1, base + i * strides[d], body) } }
        }
        visit(0, 0) { width = max(width, number(value($0)).count) }

        let indent = String(repeating: " ", count: prefix.count)
        func render(_ d: Int, _ base: Int) -> String {
            if shape.isEmpty { return number(value(0)) }
            if d == shape.count - 1 {
                let items = shown[d].map { i -> String in
                    guard let i else { return " ..." }
                    let s = number(value(base + i * strides[d]))
                    return String(repeating: " ", count: width - s.count) + s
                }
                return "[" + items.joined(separator: ", ") + "]"
            }
            let pad = indent + String(repeating: " ", count: d + 1)
            let blank = String(repeating: "\n", count: shape.count - d - 1)
            var parts: [String] = []
            for i in shown[d] {
                guard let i else {
                    parts.append("...")
                    continue
                }
                parts.append(render(d + 1, base + i * strides[d]))
            }
            return "[" + parts.joined(separator: "," + blank + pad) + "]"
        }
        return prefix + render(0, 0) + (prefix.hasSuffix("(") ? ")" : "")
    }

    func number(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        let s = String(format: "%.\(precision)f", Double(v))
        return s == "-0.0000" ? "0.0000" : s
    }
}
