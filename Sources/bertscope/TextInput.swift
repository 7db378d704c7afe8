import ArgumentParser
import BertKit
import Foundation

/// `-` as the sentence or as `--pair`: the text comes from standard input, read whole as bytes (NUL, control
/// characters and any length arrive intact, which argv cannot carry), checked as UTF-8.
enum TextInput {
    /// The sentence and B with a `-` among them replaced by standard input; both `-` is an error.
    static func resolve(_ sentence: String, pair: String?) throws -> (String, String?) {
        if sentence == "-" && pair == "-" {
            throw ArgumentError("the sentence and --pair cannot both be - (standard input holds one text)")
        }
        if sentence == "-" { return (try standardInput(), pair) }
        if pair == "-" { return (sentence, try standardInput()) }
        return (sentence, pair)
    }

    /// All of standard input as UTF-8 text.
    static func standardInput() throws -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw ArgumentError("cannot read standard input: \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[..<n])
        }
        return try UTF8Input.decode(bytes, source: "standard input")
    }
}
