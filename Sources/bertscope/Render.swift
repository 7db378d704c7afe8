import ArgumentParser

/// Figures without a terminal (owned by the export work; this file is its entry point).
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Render a view to PNG, SVG, ANSI or HTML without a terminal.")
    func run() throws { throw ValidationError("render is not built yet") }
}
