import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that a reader never sees half of one: the bytes go to a temporary name in the same
/// folder, are flushed to disk, then renamed over the target. On any failure the temporary file is removed
/// and a `BertError.cannotWrite` names the path and the reason (missing folder, permission, disk full).
public enum SafeFile {
    /// The system calls `write(_:to:)` makes, replaceable in tests to simulate a full disk.
    struct Calls: Sendable {
        /// `write(2)`: returns bytes written or -1 with `errno` set.
        var write: @Sendable (Int32, UnsafeRawPointer, Int) -> Int
        /// `fsync(2)`: 0 or -1 with `errno` set.
        var fsync: @Sendable (Int32) -> Int32

        /// The real system calls.
        static let system = Calls(
            write: { fd, p, n in
                #if canImport(Glibc)
                    return Glibc.write(fd, p, n)
                #else
                    return Darwin.write(fd, p, n)
                #endif
            },
            fsync: { fd in
                #if canImport(Glibc)
                    return Glibc.fsync(fd)
                #else
                    return Darwin.fsync(fd)
                #endif
            })
    }

    /// Atomically replaces (or creates) the file at `path` with `data`.
    public static func write(_ data: Data, to path: String) throws {
        try write(data, to: path, calls: .system)
    }

    /// Atomically writes `text` as UTF-8.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path, calls: .system)
    }

    static func write(_ data: Data, to path: String, calls: Calls) throws {
        func fail(_ reason: String) -> BertError { .cannotWrite(path: path, reason: reason) }
        guard !path.isEmpty else { throw fail("the file name is empty") }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw fail("it is a folder")
        }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) else {
            throw fail("folder \(folder) does not exist")
        }
        guard isDir.boolValue else { throw fail("\(folder) is not a folder") }

        // A fresh temporary name beside the target (same file system, so rename is atomic).
        var fd: Int32 = -1
        var temp = ""
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            temp = folder + "/." + name + ".tmp-" + String(rng.next() & 0xFF_FFFF, radix: 16)
            fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw fail(reason(errno: errno, folder: folder)) }

        var failure: String?
        data.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count, let base = buf.baseAddress {
                let n = calls.write(fd, base + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = reason(errno: errno, folder: folder)
                    return
                }
                if n == 0 {
                    failure = "the disk accepted no more bytes"
                    return
                }
                done += n
            }
        }
        if failure == nil && calls.fsync(fd) != 0 && errno != EINVAL {
            failure = reason(errno: errno, folder: folder)
        }
        if close(fd) != 0 && failure == nil { failure = reason(errno: errno, folder: folder) }
        if failure == nil && rename(temp, path) != 0 { failure = reason(errno: errno, folder: folder) }
        if let failure {
            unlink(temp)
            throw fail(failure)
        }
    }

    /// A short human reason for a failed file call.
    public static func reason(errno code: Int32, folder: String) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied (cannot create files in \(folder))"
        case EROFS: return "the file system is read-only"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "disk quota exceeded"
        case ENOENT: return "folder \(folder) does not exist"
        case ENOTDIR: return "a part of the path is not a folder"
        case ENAMETOOLONG: return "the file name is too long"
        case EISDIR: return "it is a folder"
        default: return String(cString: strerror(code))
        }
    }
}
