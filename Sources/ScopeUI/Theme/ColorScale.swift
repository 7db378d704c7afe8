/// A colour scale: evenly spaced stops, interpolated linearly. Sequential scales map 0...1, diverging ones -1...1.
public struct ColorScale: Sendable, Hashable {
    /// The stops, low to high (at least two).
    public let stops: [RGB]

    /// Creates a scale from at least two stops.
    public init(_ stops: [RGB]) {
        precondition(stops.count >= 2, "a colour scale needs at least two stops")
        self.stops = stops
    }

    /// The colour at `t` in 0...1 (clamped; NaN maps to the low end).
    public func color(at t: Double) -> RGB {
        guard t.isFinite else { return stops[0] }
        let x = min(max(t, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], x - Double(i))
    }

    /// For a diverging scale: the colour of `v` in -1...1 (0 at the middle stop).
    public func divergingColor(_ v: Double) -> RGB {
        color(at: (v + 1) / 2)
    }
}
