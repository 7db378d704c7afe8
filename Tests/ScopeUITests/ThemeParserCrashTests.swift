import ScopeUI
import XCTest

/// Theme files the fuzzer (Tests/Fuzz) found crashing TOMLKit's toml++ parser: each is now a one-line ThemeError
/// with its line, and valid TOML with the same characters in strings and comments still loads.
final class ThemeParserCrashTests: XCTestCase {
    func testHeadersThatDoNotStartWithAKeyAreErrorsNotCrashes() {
        let cases = [
            "[\u{1}roles]\n", "[\u{FFFD}roles]\n", "[ \u{1}x]\n", "a = 1\n[\u{7F}]\n", "[[\u{2}x]]\n", "[a.\u{2}]\n",
            "\u{2} = 1\n", "[,,x]\n", "[[[[x]]]]\n", "name = \"x\"\n\n[é]\n",
        ]
        for (i, source) in cases.enumerated() {
            XCTAssertThrowsError(try Theme.parse(source, file: "t.toml"), "case \(i)") { error in
                XCTAssertFalse("\(error)".contains("\n"), "\(error)")
                XCTAssertTrue("\(error)".contains("t.toml"), "\(error)")
            }
        }
    }

    func testAClosingBracketOfTheOtherKindIsAnErrorNotACrash() {
        let cases = [
            "[roles]\nborder = \"#445566\"\n\n[sHales]\nattention = [}\"#000000\", \"#ffffff\"]\n",
            "x = [1, }\n", "x = {a = ]}\n", "x = [[1], {]\n", "x = [\n  1,\n  }\n]\n",
        ]
        for (i, source) in cases.enumerated() {
            XCTAssertThrowsError(try Theme.parse(source, file: "t.toml"), "case \(i)") { error in
                XCTAssertFalse("\(error)".contains("\n"), "\(error)")
                XCTAssertTrue("\(error)".contains("does not close"), "\(error)")
            }
        }
    }

    func testNestedArraysAndInlineTablesStillParse() throws {
        let source = "[scales]\nsequential = [\"#000000\", [\"#ffffff\"], {a = [1]}]\n"
        // Not a valid theme (the scale's stops must be strings), but valid TOML: TOMLKit's error, not ours.
        XCTAssertThrowsError(try Theme.parse(source, file: "t.toml")) { error in
            XCTAssertFalse("\(error)".contains("does not close"), "\(error)")
        }
    }

    func testNonASCIIAndBracketsInsideStringsCommentsAndArraysStillParse() throws {
        let source = """
            # thème «sombre» — [é]
            name = "très [sombre]"
            [colors]
            text = '#ffffff' # ünïcode
            """
        XCTAssertEqual(try Theme.parse(source, file: "t.toml").name, "très [sombre]")
    }
}
