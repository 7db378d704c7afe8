import ArgumentParser
import BertKit
import Foundation
import NCursesBackend
import ScopeUI

// Typed command-line values: each is parsed in one place (`init?(argument:)`) and checked against the model in
// one place, so every command spells and bounds it the same way.

/// A command-line value that is well formed but out of range for the model or the command: one line naming the
/// option, the value and what is allowed.
struct ArgumentError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `--head`: a head counted from 1, `mean` (or `avg`), `max`, or `grid` (every layer x head; render only).
enum HeadArgument: ExpressibleByArgument, Equatable {
    case number(Int)
    case mean
    case max
    case grid

    init?(argument: String) {
        switch argument.lowercased() {
        case "mean", "avg", "average": self = .mean
        case "max": self = .max
        case "grid": self = .grid
        default:
            guard let n = Int(argument), n >= 1 else { return nil }
            self = .number(n)
        }
    }

    /// The selection on a model with `headCount` heads; nil for `grid`, which only `render` accepts.
    func selection(headCount: Int, gridAllowed: Bool) throws -> HeadSelection? {
        switch self {
        case .number(let n):
            guard n <= headCount else { throw ArgumentError("--head \(n): the model has heads 1 to \(headCount)") }
            return .single(n - 1)
        case .mean: return .mean
        case .max: return .max
        case .grid:
            guard gridAllowed else {
                throw ArgumentError("--head grid is for render; here use 1 to \(headCount), mean or max")
            }
            return nil
        }
    }
}

/// `--colors`: `auto`, `truecolor`, `256`, `16` or `mono` (the spellings `ColorRequest` accepts).
struct ColorsArgument: ExpressibleByArgument, Equatable {
    let request: ColorRequest

    init?(argument: String) {
        guard let request = ColorRequest(argument: argument) else { return nil }
        self.request = request
    }

    init(_ request: ColorRequest) { self.request = request }

    /// The spelling `--help` shows for a default (`auto`, `256`, ...), not the type's dump.
    var defaultValueDescription: String {
        switch request {
        case .auto: return "auto"
        case .fixed(.truecolor): return "truecolor"
        case .fixed(.palette256): return "256"
        case .fixed(.ansi16): return "16"
        case .fixed(.mono): return "mono"
        }
    }

    /// The fixed mode for output that has no terminal to detect (`auto` means the given default).
    func mode(default fallback: ColorMode) -> ColorMode {
        switch request {
        case .auto: return fallback
        case .fixed(let mode): return mode
        }
    }
}

/// `WIDTHxHEIGHT` (either case of x), two whole numbers of at least 1.
struct SizeArgument: ExpressibleByArgument, Equatable, CustomStringConvertible {
    let width: Int
    let height: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w >= 1, h >= 1 else { return nil }
        (width, height) = (w, h)
    }

    init(width: Int, height: Int) { (self.width, self.height) = (width, height) }

    var description: String { "\(width)x\(height)" }

    /// The size, refused when a side is outside `range` (named as `option`, in `unit`).
    func checked(_ option: String, within range: ClosedRange<Int>, unit: String) throws -> Size {
        guard range.contains(width), range.contains(height) else {
            throw ArgumentError(
                "\(option) \(self): each side must be \(range.lowerBound) to \(range.upperBound) \(unit)")
        }
        return Size(width: width, height: height)
    }
}

/// `--tokens 8,16,32`: comma-separated whole numbers of at least 2.
struct TokenCountsArgument: ExpressibleByArgument, Equatable {
    let counts: [Int]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.count == parts.count, values.allSatisfy({ $0 >= 2 }) else { return nil }
        counts = values
    }

    init(_ counts: [Int]) { self.counts = counts }

    /// The spelling `--help` shows for a default (`8,16,32`), not the type's dump.
    var defaultValueDescription: String { counts.map(String.init).joined(separator: ",") }
}

/// Range checks of plain numbers against the model, with the option's name in the message.
enum ArgumentCheck {
    /// `--layer N`: 0 (the embeddings) to the layer count.
    static func layer(_ layer: Int, layers: Int) throws {
        guard (0...layers).contains(layer) else {
            throw ArgumentError("--layer \(layer): the model has layers 0 (embeddings) to \(layers)")
        }
    }

    /// `--token I`: 0 ([CLS]) to the last token of the input.
    static func token(_ token: Int, tokens: Int) throws {
        guard (0..<tokens).contains(token) else {
            throw ArgumentError("--token \(token): the input has \(tokens) tokens, 0 ([CLS]) to \(tokens - 1)")
        }
    }
}
