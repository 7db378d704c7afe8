import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The element types of the safetensors format (its `Dtype` enum); bertscope computes with F32, F16, BF16, I64
/// and I32, and knows the others' widths so it can check a file's layout. A dtype outside this list is an error.
public enum TensorDType: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case u8 = "U8"
    case i8 = "I8"
    case f8e5m2 = "F8_E5M2"
    case f8e4m3 = "F8_E4M3"
    case f8e8m0 = "F8_E8M0"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bytes per element.
    var byteWidth: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3, .f8e8m0: return 1
        case .i16, .u16, .f16, .bf16: return 2
        case .i32, .u32, .f32: return 4
        case .f64, .i64, .u64: return 8
        }
    }
}

/// One tensor's entry in a safetensors header.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: TensorDType
    public let dtypeName: String
    public let shape: [Int]
    /// Byte range inside the data section (after the header).
    public let range: Range<Int>

    /// Number of elements (`shape` multiplied out).
    public var count: Int { shape.reduce(1, *) }
}

/// A memory-mapped safetensors file: the header is parsed and checked, the tensor bytes are used in place.
///
/// Format (https://github.com/huggingface/safetensors): 8 bytes little-endian header length N,
/// N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`,
/// then the data section that the offsets index into.
public final class SafeTensorsFile: @unchecked Sendable {
    /// Where the file came from (used in error messages).
    public let path: String
    /// Tensors by name.
    public let tensors: [String: TensorInfo]
    /// The free-form `__metadata__` strings.
    public let metadata: [String: String]

    private let base: UnsafeRawPointer
    private let mappedLength: Int
    private let dataStart: Int

    /// Maps `url` read-only and validates its header (see `Header`).
    public init(url: URL) throws {
        path = url.path
        let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)  // a FIFO must not block the open
        guard fd >= 0 else {
            let err = errno
            if err == ENOENT { throw BertError.missingFile(path: url.path, what: "weights file") }
            throw BertError.unreadable(path: url.path, reason: String(cString: strerror(err)))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw BertError.unreadable(path: url.path, reason: String(cString: strerror(errno)))
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw BertError.unreadable(path: url.path, reason: "is a directory")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw BertError.unreadable(path: url.path, reason: "is not a regular file (a FIFO, socket or device)")
        }
        let size = Int(st.st_size)
        guard size >= 8 else {
            throw BertError.invalidFile(path: url.path, reason: "truncated safetensors file (\(size) bytes, no header)")
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw BertError.unreadable(path: url.path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        let raw = UnsafeRawPointer(mapped)
        var ok = false
        defer { if !ok { munmap(mapped, size) } }

        let header = try Header(file: UnsafeRawBufferPointer(start: raw, count: size), path: url.path)
        let tensors = header.tensors
        let metadata = header.metadata
        let dataStart = header.dataStart
        self.tensors = tensors
        self.metadata = metadata
        self.base = raw
        self.mappedLength = size
        self.dataStart = dataStart
        ok = true
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
    }

    /// The raw bytes of a tensor, in place inside the mapping (valid while this file object lives).
    public func bytes(of info: TensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + dataStart + info.range.lowerBound, count: info.range.count)
    }

    /// Tells the kernel a tensor's pages will not be read again (after they were converted or packed),
    /// so they leave the resident set.
    public func release(_ info: TensorInfo) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = dataStart + info.range.lowerBound
        let alignedStart = (start + page - 1) / page * page
        let end = (dataStart + info.range.upperBound) / page * page
        guard end > alignedStart else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + alignedStart), end - alignedStart, Int32(MADV_DONTNEED))
    }
}

extension SafeTensorsFile {
    /// A safetensors header checked the way HF's reader checks it: the length fits the file and at most 100 MB,
    /// the JSON is an object of tensors (plus string `__metadata__`), every dtype is known, shape x width is
    /// computed without overflow and equals the tensor's byte range, and the tensors cover the data section
    /// exactly, from its first byte to its last, with no gaps, no overlaps and no trailing bytes.
    public struct Header: Sendable {
        /// Largest header HF's reader accepts.
        public static let maxLength = 100_000_000

        /// Tensors by name.
        public let tensors: [String: TensorInfo]
        /// The `__metadata__` strings.
        public let metadata: [String: String]
        /// Offset of the data section from the start of the file (8 + header length).
        public let dataStart: Int

        /// Parses and checks the header of the safetensors file whose bytes are `file`; `path` names it in errors.
        public init(file: UnsafeRawBufferPointer, path: String) throws {
            func invalid(_ reason: String) -> BertError { .invalidFile(path: path, reason: reason) }
            let size = file.count
            guard size >= 8 else { throw invalid("truncated safetensors file (\(size) bytes, no header)") }
            let headerLength = file.loadUnaligned(as: UInt64.self).littleEndian
            guard headerLength > 0, headerLength <= UInt64(size - 8), headerLength <= UInt64(Self.maxLength) else {
                throw invalid("bad safetensors header length \(headerLength) for a \(size)-byte file")
            }
            let length = Int(headerLength)
            let headerBytes = UnsafeRawBufferPointer(rebasing: file[8..<(8 + length)])
            guard headerBytes.first == UInt8(ascii: "{") else {
                throw invalid("safetensors header does not start with '{' (is the header length right?)")
            }
            guard String(validating: headerBytes, as: UTF8.self) != nil,
                let object = try? JSONSerialization.jsonObject(with: Data(headerBytes)),
                let json = object as? [String: Any]
            else {
                throw invalid("safetensors header is not a valid JSON object (is the header length right?)")
            }
            dataStart = 8 + length
            let dataLength = size - dataStart
            var tensors: [String: TensorInfo] = [:]
            var metadata: [String: String] = [:]
            for name in json.keys.sorted() {
                guard let value = json[name] else { continue }
                if name == "__metadata__" {
                    guard let dict = value as? [String: Any] else { throw invalid("__metadata__ is not an object") }
                    for (k, v) in dict {
                        guard let text = v as? String else {
                            throw invalid("__metadata__ value of '\(k)' is not a string")
                        }
                        metadata[k] = text
                    }
                    continue
                }
                tensors[name] = try Self.entry(name, value, dataLength: dataLength, invalid: invalid)
            }
            // Cover the data section exactly: sorted by offsets, each tensor starts where the previous one ended.
            let sorted = tensors.values.sorted {
                ($0.range.lowerBound, $0.range.upperBound, $0.name) < (
                    $1.range.lowerBound, $1.range.upperBound, $1.name
                )
            }
            var covered = 0
            var previous: TensorInfo?
            for info in sorted {
                if info.range.lowerBound < covered, let previous {
                    throw invalid("tensors '\(previous.name)' and '\(info.name)' overlap")
                }
                if info.range.lowerBound > covered {
                    throw invalid(
                        "\(info.range.lowerBound - covered) bytes of the data section before tensor '\(info.name)' "
                            + "belong to no tensor")
                }
                covered = info.range.upperBound
                previous = info
            }
            guard covered == dataLength else {
                throw invalid(
                    "the tensors cover \(covered) bytes but the data section has \(dataLength) "
                        + "(\(dataLength - covered) trailing bytes: is the header length right?)")
            }
            self.tensors = tensors
            self.metadata = metadata
        }

        /// One tensor's entry: dtype, shape and offsets, checked against the data section's length.
        private static func entry(
            _ name: String, _ value: Any, dataLength: Int, invalid: (String) -> BertError
        ) throws -> TensorInfo {
            guard let entry = value as? [String: Any],
                let dtypeName = entry["dtype"] as? String,
                let shapeRaw = entry["shape"] as? [Any],
                let offsetsRaw = entry["data_offsets"] as? [Any], offsetsRaw.count == 2
            else {
                throw invalid("tensor '\(name)' has a malformed header entry (needs dtype, shape, data_offsets)")
            }
            guard let dtype = TensorDType(rawValue: dtypeName) else {
                throw invalid("tensor '\(name)' has an unknown dtype '\(dtypeName)'")
            }
            let shape = shapeRaw.compactMap(exactInt)
            let offsets = offsetsRaw.compactMap(exactInt)
            guard shape.count == shapeRaw.count, shape.allSatisfy({ $0 >= 0 }) else {
                throw invalid("tensor '\(name)' has a malformed shape (whole numbers of at least 0)")
            }
            guard offsets.count == 2 else { throw invalid("tensor '\(name)' has malformed data_offsets") }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, end >= begin else {
                throw invalid("tensor '\(name)' data_offsets [\(begin), \(end)] are not an ascending byte range")
            }
            guard end <= dataLength else {
                throw invalid(
                    "tensor '\(name)' data_offsets [\(begin), \(end)] run past the end of the data "
                        + "(\(dataLength) bytes: is the file truncated?)")
            }
            var bytes = dtype.byteWidth
            for d in shape {
                let (p, overflow) = bytes.multipliedReportingOverflow(by: d)
                guard !overflow else { throw invalid("tensor '\(name)' shape \(shape) is too large") }
                bytes = p
            }
            guard bytes == end - begin else {
                throw invalid("tensor '\(name)' is \(end - begin) bytes but \(dtypeName) \(shape) needs \(bytes)")
            }
            return TensorInfo(name: name, dtype: dtype, dtypeName: dtypeName, shape: shape, range: begin..<end)
        }

        /// A JSON number that is exactly a whole number in `Int`'s range (not a boolean, not 2.5, not 1e30).
        private static func exactInt(_ value: Any) -> Int? {
            guard let n = value as? NSNumber, !BertConfig.isBoolean(n) else { return nil }
            let d = n.doubleValue
            guard d.isFinite, d == d.rounded(), abs(d) < 9.2e18 else { return nil }
            // Integers arrive as Int64 (exact); doubles that are whole are converted.
            let i = n.int64Value
            return Double(i) == d ? Int(i) : nil
        }
    }
}
