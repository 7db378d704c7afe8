/// Locale-free, deterministic number formatting for labels and files.
public enum Fixed {
    /// `value` rounded to `decimals` places, e.g. `0.125` -> `"0.13"` with 2; never `-0.00`; `nan`/`inf` spelled out.
    public static func string(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let d = max(0, min(decimals, 9))
        var p: Double = 1
        for _ in 0..<d { p *= 10 }
        let scaled = (abs(value) * p).rounded()
        guard scaled < 9e15 else { return value < 0 ? "-" + big(abs(value)) : big(value) }
        let n = Int64(scaled)
        let whole = n / Int64(p)
        let frac = n % Int64(p)
        var s = String(whole)
        if d > 0 {
            let f = String(frac)
            s += "." + String(repeating: "0", count: d - f.count) + f
        }
        return (value < 0 && n != 0 ? "-" : "") + s
    }

    /// A compact label: enough significant digits for a colour-bar tick or a statistic (3 decimals
    /// below 1, 2 below 100, 1 below 10 000, scientific-free integers above).
    public static func compact(_ value: Double) -> String {
        let a = abs(value)
        if a >= 10_000 { return string(value, decimals: 0) }
        if a >= 100 { return string(value, decimals: 1) }
        if a >= 1 { return string(value, decimals: 2) }
        return string(value, decimals: 3)
    }

    private static func big(_ v: Double) -> String { "\(v)" }
}
