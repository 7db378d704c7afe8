import BertKit
import XCTest

/// The softmax statistics of a vocabulary row: the Float-exp log-sum-exp agrees with the Double formula, and
/// non-finite rows give what the formula gives (never a trap, never a plausible number).
final class PredictionMathTests: XCTestCase {
    func doubleLogSumExp(_ x: [Float]) -> Double {
        let m = x.max() ?? -.infinity
        return Double(m) + log(x.reduce(0) { $0 + exp(Double($1 - m)) })
    }

    func testLogSumExpOfVocabularyRowsMatchesTheDoubleFormula() {
        var rng = SystemRandomNumberGenerator()
        for n in [1, 7, 8, 9, 511, 512, 513, 28_996, 30_522] {
            for scale in [Float(0.1), 3, 30] {
                let row = (0..<n).map { _ in Float.random(in: -scale...scale, using: &rng) }
                let lse = row.withUnsafeBufferPointer { PredictionMath.logSumExp($0) }
                XCTAssertEqual(lse, doubleLogSumExp(row), accuracy: 1e-6, "n \(n) scale \(scale)")
                // The probabilities it gives sum to 1 within float32 softmax's own error.
                let total = row.reduce(0.0) { $0 + Double(PredictionMath.probability($1, logSumExp: lse)) }
                XCTAssertEqual(total, 1, accuracy: 1e-5, "n \(n) scale \(scale)")
            }
        }
    }

    func testNonFiniteRowsGiveTheFormulasAnswer() {
        func lse(_ x: [Float]) -> Double { x.withUnsafeBufferPointer { PredictionMath.logSumExp($0) } }
        XCTAssertTrue(lse([1, .nan, 2]).isNaN)
        XCTAssertTrue(lse([-.infinity, -.infinity]).isNaN)
        XCTAssertEqual(lse([1, .infinity, 2]), .infinity)
        XCTAssertEqual(lse([]), -.infinity)
        XCTAssertEqual(lse([-.infinity, 0]), 0, accuracy: 1e-12)
    }
}
