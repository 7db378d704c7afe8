import Foundation

/// "Nice" axis ticks (steps of 1, 2 or 5 times a power of ten), as a colour bar or chart axis shows them.
struct Ticks: Equatable {
    /// Tick values, ascending, all within the range.
    let values: [Double]
    /// The step between ticks.
    let step: Double
    /// Decimals that show every tick exactly.
    let decimals: Int

    /// About `target` ticks covering `lo...hi`.
    init(lo: Double, hi: Double, target: Int = 5) {
        guard lo.isFinite, hi.isFinite, hi > lo else {
            let v = lo.isFinite ? lo : 0
            values = [v]
            step = 1
            decimals = v == v.rounded() ? 0 : 3
            return
        }
        let raw = (hi - lo) / Double(max(1, target))
        let mag = pow(10, floor(log10(raw)))
        let f = raw / mag
        let nice: Double = f < 1.5 ? 1 : (f < 3.5 ? 2 : (f < 7.5 ? 5 : 10))
        let step = nice * mag
        var vs: [Double] = []
        var k = (lo / step).rounded(.up)
        while k * step <= hi + step * 1e-9 {
            let v = k * step
            vs.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        values = vs
        self.step = step
        decimals = max(0, Int(-floor(log10(step) + 1e-9)))
    }

    /// The label of tick `v`.
    func label(_ v: Double) -> String { Fixed.string(v, decimals: decimals) }
}
