import TestSupport
import XCTest

@testable import ScopeUI

/// `r` cycles what the attention view shows: weights, value-weighted norms, rollout, flow, and back.
final class AttentionSourceCycleTests: XCTestCase {
    func testRCyclesWeightsNormsRolloutFlowAndSaysWhichOnTheStatusBar() {
        var s = AppState(options: Fixtures.options())
        XCTAssertEqual(s.attentionSource, .weights)
        var seen: [AttentionSource] = []
        for _ in 0..<4 {
            _ = s.reduce(.cycleAttentionSource)
            seen.append(s.attentionSource)
            XCTAssertEqual(s.message?.text, "attention view shows: \(s.attentionSource.label)")
        }
        XCTAssertEqual(seen, [.norms, .rollout, .flow, .weights])
    }

    func testOnlyWeightsAndNormsHaveHeadsAndOnlyNormsAreNotProbabilities() {
        XCTAssertEqual(AttentionSource.allCases.filter(\.hasHeads), [.weights, .norms])
        XCTAssertEqual(AttentionSource.allCases.filter { !$0.isProbability }, [.norms])
    }

    func testTheKeyIsR() {
        var s = AppState(options: Fixtures.options())
        _ = s.reduce(.setFocus(.heatmap))
        XCTAssertEqual(KeyMap.action(for: .character("r"), in: s), .cycleAttentionSource)
    }
}
