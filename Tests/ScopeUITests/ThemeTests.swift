import Foundation
import ScopeUI
import TestSupport
import XCTest

/// Theme files: the shipped ones load, missing keys fall back, bad files name the file, line and key.
final class ThemeTests: XCTestCase {
    let themesDir = TestPaths.repositoryRoot.appendingPathComponent("themes")

    func testEveryShippedThemeLoads() throws {
        let names = Theme.available(in: [themesDir])
        XCTAssertEqual(names.first, "dark")
        for required in ["dark", "light", "colorblind", "high-contrast", "mono"] {
            XCTAssertTrue(names.contains(required), "themes/\(required).toml is missing")
        }
        let (themes, errors) = Theme.loadAll(searchPaths: [themesDir])
        XCTAssertEqual(errors, [])
        XCTAssertEqual(themes.map(\.name), names)
        for t in themes {
            XCTAssertEqual(Set(t.colors.keys), Set(ThemeRole.allCases), "\(t.name) should set every role")
        }
    }

    func testDarkFileIsTheBuiltInDefault() throws {
        XCTAssertEqual(try Theme.load(nameOrPath: "dark", searchPaths: [themesDir]), Theme.builtIn)
    }

    func testBuiltInWorksWithoutAThemesFolder() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/themes")
        XCTAssertEqual(try Theme.load(nameOrPath: "dark", searchPaths: [missing]), Theme.builtIn)
        XCTAssertEqual(Theme.available(in: [missing]), ["dark"])
    }

    func testMissingKeysFallBackToTheDefault() throws {
        let t = try Theme.parse("[colors]\ntext = \"#112233\"\n", file: "partial.toml")
        XCTAssertEqual(t.name, "partial")
        XCTAssertEqual(t.color(.text), RGB(0x11, 0x22, 0x33))
        XCTAssertEqual(t.color(.border), Theme.builtIn.color(.border))
        XCTAssertEqual(t.sequential, Theme.builtIn.sequential)
    }

    func testBadColourNamesFileLineAndKey() {
        let source = "name = \"x\"\n\n[colors]\ntext = \"#112233\"\nborder = \"#12345\"\n"
        XCTAssertThrowsError(try Theme.parse(source, file: "themes/bad.toml")) { error in
            guard let e = error as? ThemeError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 5)
            XCTAssertEqual(e.key, "colors.border")
            XCTAssertTrue(e.description.hasPrefix("themes/bad.toml:5: key 'colors.border': "), e.description)
            XCTAssertTrue(e.description.contains("#rrggbb"), e.description)
        }
    }

    func testSyntaxErrorNamesTheLine() {
        XCTAssertThrowsError(try Theme.parse("[colors]\ntext = \"#112233\"\nborder = \n", file: "broken.toml")) {
            error in
            guard let e = error as? ThemeError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 3)
            XCTAssertTrue(e.description.hasPrefix("broken.toml:3: not valid TOML"), e.description)
        }
    }

    func testUnknownRoleAndShortScaleAreErrors() {
        XCTAssertThrowsError(try Theme.parse("[colors]\nbakground = \"#000000\"\n", file: "t.toml")) { error in
            let e = error as? ThemeError
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.key, "colors.bakground")
            XCTAssertTrue(e?.message.contains("background") ?? false)
        }
        XCTAssertThrowsError(try Theme.parse("[scales]\nsequential = [\"#000000\"]\n", file: "t.toml")) { error in
            let e = error as? ThemeError
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.key, "scales.sequential")
        }
        XCTAssertThrowsError(try Theme.parse("colour = 3\n", file: "t.toml")) { error in
            XCTAssertEqual((error as? ThemeError)?.key, "colour")
        }
    }

    func testSignedNumbersAreNotColours() {
        for bad in ["#+12345", "#-00000", "# 12345", "#12345g"] {
            XCTAssertThrowsError(try Theme.parse("[colors]\ntext = \"\(bad)\"\n", file: "t.toml"), bad) { error in
                XCTAssertEqual((error as? ThemeError)?.line, 2, bad)
            }
            XCTAssertThrowsError(
                try Theme.parse("[scales]\nsequential = [\"#000000\", \"\(bad)\"]\n", file: "t.toml"), bad)
        }
        XCTAssertNil(RGB(hex: "+12345"))
        XCTAssertEqual(RGB(hex: "#A0b1C2"), RGB(0xa0, 0xb1, 0xc2))
    }

    func testCRLFThemesKeepTheirLineNumbers() {
        let source = "name = \"x\"\r\n\r\n[colors]\r\ntext = \"#112233\"\r\nborder = \"#12345\"\r\n"
        XCTAssertThrowsError(try Theme.parse(source, file: "crlf.toml")) { error in
            XCTAssertEqual((error as? ThemeError)?.line, 5)
        }
        XCTAssertNoThrow(try Theme.parse("[colors]\r\ntext = \"#112233\"\r\n", file: "crlf.toml"))
    }

    func testDottedKeysAndTableHeadersGetLineNumbers() {
        // a dotted key at the top level
        XCTAssertThrowsError(try Theme.parse("name = \"x\"\ncolors.border = \"red\"\n", file: "t.toml")) { error in
            XCTAssertEqual((error as? ThemeError)?.line, 2)
            XCTAssertEqual((error as? ThemeError)?.key, "colors.border")
        }
        // an unknown table header
        XCTAssertThrowsError(try Theme.parse("name = \"x\"\n\n[colours]\ntext = \"#000000\"\n", file: "t.toml")) {
            error in
            XCTAssertEqual((error as? ThemeError)?.line, 3)
            XCTAssertEqual((error as? ThemeError)?.key, "colours")
        }
        // a table header where a colour belongs
        XCTAssertThrowsError(try Theme.parse("[colors]\ntext = \"#000000\"\n[colors.border]\nx = 1\n", file: "t.toml"))
        { error in
            XCTAssertEqual((error as? ThemeError)?.line, 3)
            XCTAssertEqual((error as? ThemeError)?.key, "colors.border")
        }
        // a dotted key inside a table
        XCTAssertThrowsError(try Theme.parse("[scales]\nsequential.a = 1\n", file: "t.toml")) { error in
            XCTAssertEqual((error as? ThemeError)?.line, 2)
        }
    }

    func testAnUnknownThemeSaysWhereItLooked() {
        let missing = URL(fileURLWithPath: "/nonexistent/bertscope/themes")
        XCTAssertThrowsError(try Theme.load(nameOrPath: "light", searchPaths: [], lookedIn: [missing])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("looked for light.toml in /nonexistent/bertscope/themes"), text)
            XCTAssertTrue(text.contains("available: dark"), text)
            XCTAssertFalse(text.contains("\n"))
        }
    }

    func testUnknownThemeNameListsTheAvailableOnes() {
        XCTAssertThrowsError(try Theme.load(nameOrPath: "solarized", searchPaths: [themesDir])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("solarized"), text)
            XCTAssertTrue(text.contains("light"), text)
        }
    }

    func testLoadByPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bertscope-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("mine.toml")
        try "[scales]\ndiverging = [\"#0000ff\", \"#ffffff\", \"#ff0000\"]\n".write(
            to: url, atomically: true, encoding: .utf8)
        let t = try Theme.load(nameOrPath: url.path, searchPaths: [])
        XCTAssertEqual(t.name, "mine")
        XCTAssertEqual(t.diverging.divergingColor(0), RGB(255, 255, 255))
        XCTAssertThrowsError(try Theme.load(nameOrPath: dir.appendingPathComponent("nope.toml").path, searchPaths: []))
    }

    func testMonoModeUsesNoColourAtAll() {
        let core = Fixtures.smallCore(mode: .mono)
        let b = core.render(size: Size(width: 80, height: 24))
        XCTAssertTrue(b.cells.allSatisfy { $0.style.fg == nil && $0.style.bg == nil })
        XCTAssertFalse(b.cells.contains { $0.text == "▀" }, "no half blocks without colour")
    }

    func testPaletteModesDrawHeatInWholeSteps() {
        let p256 = Palette(theme: .builtIn, mode: .palette256)
        let steps = Double(Palette.paletteSteps)
        // everything within the first step is one colour: faint attention over a long sentence does not flicker
        XCTAssertEqual(p256.sequentialColor(0), p256.sequentialColor(0.99 / steps))
        XCTAssertNotEqual(p256.sequentialColor(0), p256.sequentialColor(3 / steps))
        XCTAssertEqual(
            p256.divergingColor(0.01), p256.divergingColor(-0.01), "near 0 is the middle colour on both sides")
        XCTAssertNotEqual(p256.divergingColor(0.5), p256.divergingColor(-0.5))
        // true colour keeps the continuous scale
        let direct = Palette(theme: .builtIn, mode: .truecolor)
        XCTAssertEqual(direct.sequentialColor(0.01), Theme.builtIn.sequential.color(at: 0.01))
        XCTAssertNotEqual(direct.sequentialColor(0), direct.sequentialColor(0.01))
        XCTAssertEqual(direct.divergingColor(0.3), Theme.builtIn.diverging.divergingColor(0.3))
    }

    /// Perceived lightness of the colour of each 256-colour step, low to high.
    func lightness(_ colors: [RGB]) -> [Double] { colors.map { OKLab($0).l } }

    func testPalette256ScalesArePaletteEntriesWithMonotonicLightness() throws {
        let themes =
            [Theme.builtIn]
            + ["light", "colorblind", "high-contrast"].compactMap {
                try? Theme.load(
                    nameOrPath: $0, searchPaths: [TestPaths.repositoryRoot.appendingPathComponent("themes")])
            }
        XCTAssertEqual(themes.count, 4, "the themes folder is found")
        let steps = Palette.paletteSteps
        for theme in themes {
            let p = Palette(theme: theme, mode: .palette256)
            let sequential = (0...steps).map { p.sequentialColor(Double($0) / Double(steps)) }
            if ProcessInfo.processInfo.environment["DUMP_SCALES"] != nil {
                print("SCALE \(theme.name) seq", sequential.map { "\($0)" }.joined(separator: " "))
                print(
                    "SCALE \(theme.name) div",
                    (0...steps).map { p.divergingColor(Double($0 - steps / 2) / Double(steps / 2)).hex }.joined(
                        separator: " "))
                print(
                    "SCALE \(theme.name) theme",
                    (0...steps).map { theme.sequential.color(at: Double($0) / Double(steps)).hex }.joined(
                        separator: " "))
            }
            for c in sequential {
                XCTAssertEqual(
                    ColorReduction.rgb(ofXterm: ColorReduction.xterm256(c)), c, "\(theme.name): \(c) is a palette entry"
                )
            }
            XCTAssertGreaterThanOrEqual(Set(sequential).count, 10, "\(theme.name): at least 10 colours of 25 steps")
            let l = lightness(sequential)
            let rising = l.last! >= l.first!
            for (a, b) in zip(l, l.dropFirst()) {
                XCTAssertTrue(rising ? b >= a : b <= a, "\(theme.name): sequential lightness monotonic: \(l)")
            }
            // Each step is near the theme's own colour there (OKLab distance below 0.15).
            for (i, c) in sequential.enumerated() {
                let own = theme.sequential.color(at: Double(i) / Double(steps))
                XCTAssertLessThan(
                    OKLab(c).distanceSquared(to: OKLab(own)), 0.15 * 0.15, "\(theme.name) step \(i): \(c) for \(own)")
            }
            // Diverging: from the middle out, each side monotonic in lightness.
            for sign in [-1.0, 1.0] {
                let side = lightness((0...steps / 2).map { p.divergingColor(sign * Double($0) / Double(steps / 2)) })
                let up = side.last! >= side.first!
                for (a, b) in zip(side, side.dropFirst()) {
                    XCTAssertTrue(up ? b >= a : b <= a, "\(theme.name): diverging side \(sign) monotonic: \(side)")
                }
            }
        }
    }

    func testMagmaIn256ColoursIsGreyOnlyAtItsDarkEnd() {
        // Before: greys 233/234, navy 17 and purple 54 (the nearest by RGB distance, unordered).
        let p = Palette(theme: .builtIn, mode: .palette256)
        let steps = Palette.paletteSteps
        let colors: [RGB] = (0...steps).map { p.sequentialColor(Double($0) / Double(steps)) }
        let greySteps = colors.indices.filter { colors[$0].r == colors[$0].g && colors[$0].g == colors[$0].b }
        XCTAssertTrue(greySteps.allSatisfy { $0 < steps / 6 }, "magma's purples and oranges stay coloured: \(colors)")
    }

    func testSixteenColourHeatmapsShowAtLeastEightLevelsAndKeepTheSign() {
        for theme in [Theme.builtIn] {
            let p = Palette(theme: theme, mode: .ansi16)
            let sequential = (0...100).map { p.sequentialCell(Double($0) / 100) }
            XCTAssertGreaterThanOrEqual(Set(sequential).count, 8, "distinct sequential cells (colour + glyph)")
            let eight = Set(ColorReduction.ansi16Palette.prefix(8))
            for c in sequential {
                XCTAssertTrue(eight.contains(c.style.bg!), "backgrounds an 8-colour terminal has")
                if let fg = c.style.fg { XCTAssertTrue(eight.contains(fg)) }
            }
            let negative: [Cell] = (4...50).map { (i: Int) -> Cell in p.divergingCell(-Double(i) / 50) }
            let positive: [Cell] = (4...50).map { (i: Int) -> Cell in p.divergingCell(Double(i) / 50) }
            XCTAssertGreaterThanOrEqual(Set(negative).count, 8)
            XCTAssertGreaterThanOrEqual(Set(positive).count, 8)
            XCTAssertTrue(Set(negative).isDisjoint(with: Set(positive)), "no negative value looks like a positive one")
            let cool = Set([4, 6, 2].map { ColorReduction.ansi16Palette[$0] })
            let warm = Set([1, 3, 5].map { ColorReduction.ansi16Palette[$0] })
            let strongest = (p.divergingCell(-1), p.divergingCell(1))
            XCTAssertTrue(cool.contains(strongest.0.style.bg!), "−1 is cool: \(strongest.0)")
            XCTAssertTrue(warm.contains(strongest.1.style.bg!), "+1 is warm: \(strongest.1)")
        }
    }
}
