import BertKit
import ScopeUI
import TestSupport
import XCTest

/// The side panel's mean-pooled heading keeps its number at every width: at 80x24 the panel is 30 columns, and
/// MiniLM's long form ("mean-pooled (the embedding) ‖x‖ 5.50") was cut to "… ‖" with the norm gone.
final class PoolerPanelWidthTests: XCTestCase {
    func testTheMeanPooledNormIsShownAtEverySize() throws {
        let model = try ModelFixtures.miniLM()
        let text = "Hello, my dog is cute"
        var options = ExplorerOptions(
            modelName: model.name, config: model.config, sentence: text, pair: nil, layer: nil, head: .single(0),
            theme: .builtIn, themes: [], colorMode: .palette256)
        options.sentencePooling = model.sentencePooling
        let norm = String(format: "%.2f", EncodingAnalysis(try model.encode(text)).pooler.meanPooledStats.norm)
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            let core = Fixtures.core(options, showing: try model.encode(text), size: size)
            let buffer = core.render(size: size)
            let lines = (0..<buffer.height).map { buffer.line($0) }
            let heading = lines.first { $0.contains("‖x‖") && $0.contains("mean") }
            XCTAssertNotNil(heading, "\(size)\n" + lines.joined(separator: "\n"))
            XCTAssertTrue(heading?.contains("‖x‖ \(norm)") == true, "\(size): \(heading ?? "")")
        }
    }
}
