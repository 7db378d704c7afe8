import BertKit
import Foundation
import NCursesBackend
import ScopeUI

/// One input-parsing entry point per fuzz target, each fed arbitrary bytes. A target may throw (bad input is
/// expected to be refused with an error); it must never trap, hang, or read out of bounds.
enum FuzzTarget: String, CaseIterable {
    case safetensors, config, vocab
    case tokenizerJSON = "tokenizer-json"
    case tokenizer, theme, deck, input

    /// Runs `bytes` through the target.
    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .safetensors:
            // The header and tensor table exactly as a mapped file presents them.
            _ = try? SafeTensorsFile.Header(file: bytes, path: "fuzz.safetensors")
        case .config:
            _ = try? BertConfig.parse(Data(bytes), path: "config.json")
        case .vocab:
            Scratch.shared.load(["vocab.txt": Data(bytes)])
        case .tokenizerJSON:
            Scratch.shared.load(["tokenizer.json": Data(bytes)])
        case .tokenizer:
            // First byte: pair mode and the length limit; the rest is text (split at the first NUL for B).
            guard let first = bytes.first, let tokenizer = Fixtures.tokenizer else { return }
            let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
            let parts = text.split(separator: "\0", maxSplits: 1, omittingEmptySubsequences: false)
            let pair = first & 1 == 1 && parts.count == 2 ? String(parts[1]) : nil
            let maxLength = [2, 3, 4, 8, 16, 64, 512][Int(first >> 1) % 7]
            let input = tokenizer.encode(String(parts[0]), pair: pair, maxLength: maxLength)
            precondition(input.tokens.count <= maxLength || maxLength < (pair == nil ? 2 : 3))
        case .theme:
            _ = try? Theme.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.toml")
        case .deck:
            _ = try? Slide.parseDeck(String(decoding: bytes, as: UTF8.self), layerCount: 6, headCount: 12)
        case .input:
            // Byte pairs: a tag (key code, or a character) and a value; the clock advances by the tag's low bits.
            var decoder = InputDecoder()
            var now = 0.0
            var i = bytes.startIndex
            while i + 1 < bytes.endIndex {
                let tag = bytes[i]
                let value = bytes[i + 1]
                i += 2
                now += Double(tag & 0x3) * 0.3
                let raw: RawInput
                switch tag >> 5 {
                case 0: raw = .keyCode(InputDecoder.pasteBeginCode + Int32(value & 0x3))
                case 1: raw = .keyCode(0o401 + Int32(value))  // ncurses KEY_* codes
                case 2: raw = .character(UInt32(value) << 8 | UInt32(tag))  // any BMP scalar, surrogates too
                default: raw = .character(UInt32(value))
                }
                _ = InputDecoder.mergeGraphemes(decoder.decode(raw, now: now))
                _ = decoder.flushStaleSequence(now: now)
            }
        }
    }
}

/// Test data the targets need: the tiny fixture model's tokenizer.
enum Fixtures {
    /// The repository's Tests/Fixtures folder, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let tokenizer: BertTokenizer? = try? BertTokenizer.load(
        directory: folder.appendingPathComponent("models/tiny-bert"))
}

/// A model folder in memory-backed storage where the loading targets write their input, then load it.
final class Scratch {
    nonisolated(unsafe) static let shared = Scratch()
    let folder: URL

    init() {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        folder = URL(fileURLWithPath: base).appendingPathComponent("bertscope-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes `files` into the folder (removing the other tokenizer files) and loads the tokenizer from it.
    func load(_ files: [String: Data]) {
        for name in ["vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"] {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        for (name, data) in files { try? data.write(to: folder.appendingPathComponent(name)) }
        if let tokenizer = try? BertTokenizer.load(directory: folder) {
            _ = tokenizer.encode("Hello, world! 你好 café", pair: "a b", maxLength: 16)
        }
    }
}
