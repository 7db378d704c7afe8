import Foundation

/// The benchmarks' one clock: monotonic seconds (not wall time, so a clock adjustment cannot skew a sample).
public enum BenchClock {
    /// Seconds since an arbitrary fixed point.
    public static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// Runs `body` and returns how long it took, in seconds, with its result.
    public static func time<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
        let start = now()
        let value = try body()
        return (now() - start, value)
    }
}

/// Repeated measurements (milliseconds, bytes) and the summaries the bench reports: median, min, max.
public struct Samples: Sendable, Equatable {
    /// The measurements, in the order they were taken.
    public private(set) var values: [Double]

    /// Samples holding `values`.
    public init(_ values: [Double] = []) {
        self.values = values
    }

    /// Adds one measurement.
    public mutating func append(_ value: Double) {
        values.append(value)
    }

    /// Forgets everything measured so far (after warm-up).
    public mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
    }

    /// How many measurements there are.
    public var count: Int { values.count }

    /// The middle value (the mean of the two middle ones for an even count); 0 when empty.
    public var median: Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The smallest value; 0 when empty.
    public var min: Double { values.min() ?? 0 }

    /// The largest value; 0 when empty.
    public var max: Double { values.max() ?? 0 }

    /// These samples scaled by `factor` (seconds to milliseconds: 1000).
    public func scaled(by factor: Double) -> Samples {
        Samples(values.map { $0 * factor })
    }
}
