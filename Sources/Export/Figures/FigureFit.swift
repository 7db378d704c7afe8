/// Choosing a figure's cell size for a requested size: the largest cell whose figure fits, found by
/// bisection (a figure grows with its cells). The page is then scaled to exactly the size asked for.
enum FigureFit {
    /// The figure `build` makes for the largest cell in `range` that fits into `maxWidth` x `maxHeight`
    /// (nil: unbounded), or for the smallest cell when none fits.
    static func largest(
        in range: ClosedRange<Int>, maxWidth: Int?, maxHeight: Int?, build: (Int) throws -> Figure
    ) rethrows -> Figure {
        // A request narrower than the narrowest figure is solved at that width and the same aspect, and
        // the page scales down to it.
        var maxWidth = maxWidth
        var maxHeight = maxHeight
        if let w = maxWidth, w < FigureParts.minWidth {
            maxHeight = maxHeight.map { $0 * FigureParts.minWidth / max(1, w) }
            maxWidth = FigureParts.minWidth
        }
        func fits(_ f: Figure) -> Bool {
            (maxWidth.map { f.width <= $0 } ?? true) && (maxHeight.map { f.height <= $0 } ?? true)
        }
        var lo = range.lowerBound
        var hi = range.upperBound
        var best = try build(lo)
        guard fits(best) else { return best }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            let f = try build(mid)
            if fits(f) {
                lo = mid
                best = f
            } else {
                hi = mid - 1
            }
        }
        return best
    }
}
