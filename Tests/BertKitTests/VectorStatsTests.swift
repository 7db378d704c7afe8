import BertKit
import XCTest

/// `VectorMath.absQuantile` picks exactly the element a full sort would, on every path it takes.
final class VectorStatsTests: XCTestCase {
    /// The reference: sort |x| and index.
    func sorted(_ values: [Float], _ q: Double) -> Float {
        let a = values.map(abs).sorted()
        return a[min(a.count - 1, max(0, Int((Double(a.count - 1) * q).rounded())))]
    }

    func testMatchesAFullSortOnActivationLikeData() {
        var rng = SystemRandomNumberGenerator()
        for n in [1, 2, 63, 64, 65, 100, 1000, 12_288, 49_152] {
            // mostly small values, a few huge outlier dimensions, as BERT's hidden states have
            var values = (0..<n).map { _ in Float.random(in: -1...1, using: &rng) * Float.random(in: 0...1, using: &rng)
            }
            for i in stride(from: 0, to: n, by: 97) { values[i] = Float.random(in: -40...40, using: &rng) }
            for q in [0.0, 0.5, 0.99, 1.0] {
                XCTAssertEqual(VectorMath.absQuantile(values, q), sorted(values, q), "n \(n), q \(q)")
            }
        }
    }

    func testTiesZerosAndEqualValues() {
        let ties = (0..<1000).map { Float($0 % 7) * ($0 % 2 == 0 ? 1 : -1) }
        XCTAssertEqual(VectorMath.absQuantile(ties, 0.99), sorted(ties, 0.99))
        XCTAssertEqual(VectorMath.absQuantile([Float](repeating: -3, count: 500), 0.99), 3)
        XCTAssertEqual(VectorMath.absQuantile([Float](repeating: 0, count: 500), 0.99), 0)
        XCTAssertEqual(VectorMath.absQuantile([Float](), 0.99), 0)
        // a maximum so small that 2048 / max overflows takes the plain path
        let tiny = (0..<200).map { Float($0) * Float.leastNonzeroMagnitude }
        XCTAssertEqual(VectorMath.absQuantile(tiny, 0.99), sorted(tiny, 0.99))
    }

    func testInfinityDoesNotBreakTheSelection() {
        var values = (0..<300).map { Float($0) }
        values[7] = -.infinity
        XCTAssertEqual(VectorMath.absQuantile(values, 1), .infinity)
        XCTAssertEqual(VectorMath.absQuantile(values, 0.5), sorted(values, 0.5))
    }
}
