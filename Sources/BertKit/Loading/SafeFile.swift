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
        guard !path.hasSuffix("/") else { throw fail("it names a folder (it ends in /): give a file name") }
        // Write through symlinks: the file replaced is the one the link points to, and the link stays.
        let target = try resolveSymlinks(path)
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var existing = stat()
        var mode: mode_t?
        if stat(target, &existing) == 0 {
            switch existing.st_mode & S_IFMT {
            case S_IFREG: mode = existing.st_mode & 0o7777
            case S_IFDIR: throw fail("it is a folder")
            default: throw fail("it is not a regular file (a device, FIFO or socket); only - writes to standard output")
            }
        }
        var isDir: ObjCBool = false
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
        TemporaryFile.register(temp)
        defer { TemporaryFile.unregister() }

        var failure: String?
        do {
            try writeAll(data, to: fd, name: path, calls: calls)
        } catch let BertError.cannotWrite(_, why) {
            failure = why
        }
        // The replaced file keeps its permissions (a 600 file stays 600).
        if failure == nil, let mode, fchmod(fd, mode) != 0 { failure = reason(errno: errno, folder: folder) }
        if failure == nil && calls.fsync(fd) != 0 && errno != EINVAL {
            failure = reason(errno: errno, folder: folder)
        }
        if close(fd) != 0 && failure == nil { failure = reason(errno: errno, folder: folder) }
        if failure == nil && rename(temp, target) != 0 { failure = reason(errno: errno, folder: folder) }
        if let failure {
            unlink(temp)
            throw fail(failure)
        }
    }

    /// Writes all of `data` to the open descriptor `fd` (retrying short writes and EINTR); `name` says what it is
    /// in the error ("standard output", a path). A full disk, a closed pipe or a closed descriptor is a
    /// `BertError.cannotWrite`, never a trap.
    public static func writeAll(_ data: Data, to fd: Int32, name: String) throws {
        try writeAll(data, to: fd, name: name, calls: .system)
    }

    static func writeAll(_ data: Data, to fd: Int32, name: String, calls: Calls) throws {
        var failure: Int32?
        var stalled = false
        data.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count, let base = buf.baseAddress {
                let n = calls.write(fd, base + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 {
                    stalled = true
                    return
                }
                done += n
            }
        }
        if stalled { throw BertError.cannotWrite(path: name, reason: "the disk accepted no more bytes") }
        if let failure {
            let folder = URL(fileURLWithPath: name).deletingLastPathComponent().path
            let why: String
            switch failure {
            case EPIPE: why = "the reading end of the pipe was closed"
            case EBADF: why = "it is closed"
            default: why = reason(errno: failure, folder: folder)
            }
            throw BertError.cannotWrite(path: name, reason: why)
        }
    }

    /// Writes `data` to standard output; a failed write is a `BertError.cannotWrite` naming standard output.
    public static func writeStandardOutput(_ data: Data) throws {
        try writeAll(data, to: 1, name: "standard output")
    }

    /// `path` with its symlinks followed to the file they name (which may not exist yet); at most 40 links.
    static func resolveSymlinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { return current }
            let link = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                link.hasPrefix("/")
                ? link : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(link).path
        }
        throw BertError.cannotWrite(path: path, reason: "too many levels of symbolic links")
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

/// The temporary file a write has in flight, so a signal handler can remove it: CLI commands write one file at a
/// time, so one slot holds it, in memory the handler can read without allocating.
public enum TemporaryFile {
    nonisolated(unsafe) private static let slot = UnsafeMutablePointer<CChar>.allocate(capacity: 4097)
    nonisolated(unsafe) private static var active: Int32 = 0

    static func register(_ path: String) {
        let bytes = Array(path.utf8.prefix(4096))
        for (i, b) in bytes.enumerated() { slot[i] = CChar(bitPattern: b) }
        slot[bytes.count] = 0
        active = 1
    }

    static func unregister() { active = 0 }

    /// Removes the in-flight temporary file when SIGTERM, SIGHUP or SIGINT arrives, then dies of that signal as
    /// before. For the commands that write files (`inspect --save`, `render`), not for the explorer, whose
    /// terminal guard owns these signals.
    public static func removeOnTerminatingSignals() {
        _ = slot  // set up before any handler can run
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            signal(sig) { sig in
                if TemporaryFile.active != 0 { unlink(TemporaryFile.slot) }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }
}
