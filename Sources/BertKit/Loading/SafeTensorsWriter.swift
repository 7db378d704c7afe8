import Foundation

/// Writes a safetensors file (F32 and I64 tensors plus string metadata) that Python's `safetensors` opens.
/// The file appears whole or not at all: it is written to a temporary name beside the target, then renamed.
public struct SafeTensorsWriter {
    enum Payload {
        case f32([Float])
        case i64([Int64])
    }

    private var entries: [(name: String, shape: [Int], payload: Payload)] = []
    /// Free-form `__metadata__` strings.
    public var metadata: [String: String] = [:]

    /// An empty writer.
    public init() {}

    /// Adds an F32 tensor of `shape` (row-major `values`).
    public mutating func add<C: Collection>(_ name: String, shape: [Int], floats values: C) where C.Element == Float {
        precondition(
            shape.reduce(1, *) == values.count, "shape \(shape) does not match \(values.count) values for \(name)")
        entries.append((name, shape, .f32(Array(values))))
    }

    /// Adds an I64 tensor of `shape`.
    public mutating func add(_ name: String, shape: [Int], ints values: [Int]) {
        precondition(
            shape.reduce(1, *) == values.count, "shape \(shape) does not match \(values.count) values for \(name)")
        entries.append((name, shape, .i64(values.map(Int64.init))))
    }

    /// The file's bytes: header length, JSON header (metadata keys sorted, tensors in the order added, padded to
    /// 8 bytes), data.
    public func serialized() -> Data {
        var header = "{"
        var items: [String] = []
        if !metadata.isEmpty {
            let meta = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
            items.append("\"__metadata__\":{\(meta.joined(separator: ","))}")
        }
        var offset = 0
        for e in entries {
            let (dtype, bytes): (String, Int) = {
                switch e.payload {
                case .f32(let v): return ("F32", v.count * 4)
                case .i64(let v): return ("I64", v.count * 8)
                }
            }()
            let shape = e.shape.map(String.init).joined(separator: ",")
            items.append(
                "\(jsonString(e.name)):{\"dtype\":\"\(dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + bytes)]}"
            )
            offset += bytes
        }
        header += items.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var data = Data(capacity: 8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: headerBytes)
        for e in entries {
            switch e.payload {
            case .f32(let v): v.map { $0.bitPattern.littleEndian }.withUnsafeBytes { data.append(contentsOf: $0) }
            case .i64(let v): v.map { $0.littleEndian }.withUnsafeBytes { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// Writes the file atomically; errors name the path.
    public func write(to url: URL) throws {
        try SafeFile.write(serialized(), to: url.path)
    }

    private func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
