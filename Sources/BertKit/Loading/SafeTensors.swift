import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The element types bertscope reads from a safetensors file.
public enum TensorDType: String, Sendable {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"
    case i32 = "I32"
    case other

    /// Bytes per element (0 when unknown).
    var byteWidth: Int {
        switch self {
        case .f32, .i32: return 4
        case .f16, .bf16: return 2
        case .i64: return 8
        case .other: return 0
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

    /// Maps `url` read-only and validates its header: offsets inside the file, sizes matching shapes, no overlaps.
    public init(url: URL) throws {
        path = url.path
        let fd = open(url.path, O_RDONLY)
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

        let headerLength = raw.loadUnaligned(as: UInt64.self).littleEndian
        guard headerLength > 0, headerLength <= UInt64(size - 8), headerLength < 100_000_000 else {
            throw BertError.invalidFile(
                path: url.path,
                reason: "bad safetensors header length \(headerLength) for a \(size)-byte file")
        }
        let headerData = Data(bytes: raw + 8, count: Int(headerLength))
        guard let object = try? JSONSerialization.jsonObject(with: headerData),
            let header = object as? [String: Any]
        else {
            throw BertError.invalidFile(path: url.path, reason: "safetensors header is not valid JSON")
        }
        let dataStart = 8 + Int(headerLength)
        let dataLength = size - dataStart
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                if let dict = value as? [String: Any] {
                    for (k, v) in dict { metadata[k] = (v as? String) ?? "\(v)" }
                }
                continue
            }
            guard let entry = value as? [String: Any],
                let dtypeName = entry["dtype"] as? String,
                let shapeRaw = entry["shape"] as? [Any],
                let offsetsRaw = entry["data_offsets"] as? [Any], offsetsRaw.count == 2
            else {
                throw BertError.invalidFile(path: url.path, reason: "tensor '\(name)' has a malformed header entry")
            }
            let shape = shapeRaw.compactMap { ($0 as? NSNumber)?.intValue }
            let offsets = offsetsRaw.compactMap { ($0 as? NSNumber)?.intValue }
            guard shape.count == shapeRaw.count, shape.allSatisfy({ $0 >= 0 }), offsets.count == 2 else {
                throw BertError.invalidFile(path: url.path, reason: "tensor '\(name)' has a malformed shape or offsets")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, end >= begin, end <= dataLength else {
                throw BertError.invalidFile(
                    path: url.path,
                    reason: "tensor '\(name)' data_offsets [\(begin), \(end)] run past the end of the data (\(dataLength) bytes)")
            }
            let dtype = TensorDType(rawValue: dtypeName) ?? .other
            var count = 1
            for d in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else {
                    throw BertError.invalidFile(path: url.path, reason: "tensor '\(name)' shape \(shape) is too large")
                }
                count = p
            }
            if dtype != .other, count * dtype.byteWidth != end - begin {
                throw BertError.invalidFile(
                    path: url.path,
                    reason: "tensor '\(name)' is \(end - begin) bytes but \(dtypeName) \(shape) needs \(count * dtype.byteWidth)")
            }
            tensors[name] = TensorInfo(name: name, dtype: dtype, dtypeName: dtypeName, shape: shape, range: begin..<end)
        }
        // Tensors must not overlap one another.
        let sorted = tensors.values.filter { !$0.range.isEmpty }.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.range.lowerBound < a.range.upperBound {
            throw BertError.invalidFile(path: url.path, reason: "tensors '\(a.name)' and '\(b.name)' overlap")
        }
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
