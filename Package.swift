// swift-tools-version:6.2
// bertscope: a full-screen terminal visualizer of BERT's insides.
import PackageDescription

// pango's headers need glib's and HarfBuzz's include folders. Its pkg-config file would give them, but through
// gio it also adds -pthread, which SwiftPM rejects with a warning; so CPangoCairo takes cairo's pkg-config
// flags and the modules that import it, directly or through Export, name pango's folders (Debian's multiarch
// layout) here.
#if arch(x86_64)
let multiarch = "x86_64-linux-gnu"
#else
let multiarch = "aarch64-linux-gnu"
#endif
let pangoIncludes = [
    "/usr/include/pango-1.0", "/usr/include/glib-2.0", "/usr/lib/\(multiarch)/glib-2.0/include",
    "/usr/include/harfbuzz",
].flatMap { ["-Xcc", "-I" + $0] }

let package = Package(
    name: "bertscope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bertscope", targets: ["bertscope"]),
        .library(name: "BertKit", targets: ["BertKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // System libraries: a module map and a shim header each, nothing else.
        .systemLibrary(
            // No pkgConfig: ncursesw.pc adds -D_XOPEN_SOURCE=600, which SwiftPM rejects; the shim
            // includes <ncursesw/ncurses.h> from the default include path instead.
            name: "CNCursesW",
            providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            // cairo (image and PDF surfaces) with pango for text: fontconfig fallback, HarfBuzz shaping.
            name: "CPangoCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        // The terminal guard's signal handlers and their state: one C file, one copy per process.
        .target(name: "CSignals"),

        // The model: config, safetensors, tokenizer, encoder. No terminal in here.
        // Compiled with checks on: it parses untrusted files (safetensors headers, config.json, vocabularies), so
        // every precondition and bounds check stays live, and the library product carries no unsafe flags.
        .target(name: "BertKit", dependencies: ["COpenBLAS", "CBertKernels"]),
        // The forward pass's vector kernels (panel GEMM, attention, LayerNorm, softmax, GELU) in C, built with no
        // flags: each kernel is compiled twice from one body, an AVX-512 copy through per-function target
        // attributes and a portable copy, and picked at run time by the CPU's features (no SIGILL on older
        // machines, and the BertKit product stays usable as a dependency). libm: the portable copy's fmaf.
        .target(name: "CBertKernels", linkerSettings: [.linkedLibrary("m")]),
        // App state, actions, layout, widgets, themes, cell buffer. Pure Swift, no ncurses.
        .target(
            name: "ScopeUI",
            dependencies: ["BertKit", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The one place that calls ncurses.
        .target(name: "NCursesBackend", dependencies: ["ScopeUI", "CNCursesW", "CSignals"]),
        // Figures (PNG through cairo/pango and libpng, PDF, SVG, ANSI, HTML) from the same state.
        .target(
            name: "Export", dependencies: ["ScopeUI", "BertKit", "CPNG", "CPangoCairo"],
            swiftSettings: [.unsafeFlags(pangoIncludes)]),
        // `bertscope bench`: the forward pass and the UI path timed, frame bytes counted through the backend.
        .target(name: "Benchmarks", dependencies: ["BertKit", "ScopeUI", "NCursesBackend"]),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "bertscope",
            dependencies: [
                "BertKit", "ScopeUI", "NCursesBackend", "Export", "Benchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.unsafeFlags(pangoIncludes)]),

        // libFuzzer targets for every input parser (`make fuzz`): built with -sanitize=fuzzer only by the Makefile;
        // built plainly (as here), it replays corpus files through a target.
        .executableTarget(
            name: "bertscope-fuzz", dependencies: ["BertKit", "ScopeUI", "NCursesBackend"], path: "Tests/Fuzz",
            exclude: ["Corpus", "make-seeds.py", "fuzz.sh"]),

        .target(name: "TestSupport", dependencies: ["BertKit"], path: "Tests/TestSupport"),
        .testTarget(
            name: "BertKitTests", dependencies: ["BertKit", "CBertKernels", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ScopeUITests", dependencies: ["ScopeUI", "BertKit", "TestSupport"],
            resources: [.copy("Goldens")]),
        .testTarget(
            name: "ExportTests", dependencies: ["Export", "ScopeUI", "BertKit", "CPNG", "TestSupport"],
            resources: [.copy("Goldens")], swiftSettings: [.unsafeFlags(pangoIncludes)]),
        .testTarget(
            name: "NCursesBackendTests",
            dependencies: ["NCursesBackend", "ScopeUI", "CNCursesW", "CSignals", "TestSupport"]),
        .testTarget(
            name: "BenchmarksTests", dependencies: ["Benchmarks", "BertKit", "ScopeUI", "TestSupport"]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["TestSupport"]),
    ]
)

// Warnings are errors in every target of ours (issue 8 item 12): `swift build` stays warning-free by construction.
for target in package.targets where target.type != .system {
    if target.type == .regular && target.name.hasPrefix("C") {
        target.cSettings = (target.cSettings ?? []) + [.treatAllWarnings(as: .error)]
    } else {
        target.swiftSettings = (target.swiftSettings ?? []) + [.treatAllWarnings(as: .error)]
    }
}
