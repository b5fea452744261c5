#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage
import Messages

/// The one place where a system call interrupted by a signal is retried. swift-system's
/// `FileDescriptor` methods do it themselves (`retryOnInterrupt: true`); this covers the calls it
/// does not wrap (`openat`, `fsync`, `flock`, `mkdirat`, `renameat2`, ...).
public enum SystemCall {
    /// Calls `body` until it returns something other than -1 with `EINTR`. Returns the result, or
    /// throws the `Errno` of a failure (-1).
    @discardableResult
    public static func retrying<T: FixedWidthInteger & SignedInteger>(_ body: () -> T) throws(Errno) -> T {
        while true {
            let r = body()
            if r != -1 { return r }
            let e = errno
            if e == EINTR { continue }
            throw Errno(rawValue: e)
        }
    }
}

/// The text of an `errno` value, as `strerror(3)` gives it ("No space left on device").
public func errnoText(_ code: Int32) -> String {
    let system = String(cString: strerror(code))
    // The C library speaks English here (no ja_JP locale is needed or assumed); the common
    // errors a user meets have their own words in the catalogue.
    guard Localizer.current.language != .en, let name = errnoNames[code] else { return system }
    return tr(MessageKey("error.errno.\(name)"), fallback: system)
}

private let errnoNames: [Int32: String] = [
    ENOENT: "ENOENT", EACCES: "EACCES", EPERM: "EPERM", ENOSPC: "ENOSPC", EEXIST: "EEXIST", EIO: "EIO",
    EROFS: "EROFS", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", ENXIO: "ENXIO", ENOMEDIUM: "ENOMEDIUM", EBUSY: "EBUSY",
]

/// What went wrong in a SystemIO stream or output, in one line naming the file.
public enum SystemIOError: Error, Equatable, CustomStringConvertible {
    /// The output's name is taken; outputs are never overwritten.
    case exists(path: String)
    /// A system call failed: `what` says which and on what ("writing x.age failed").
    case failed(String, errno: Int32)
    /// The object was used after it was finished or discarded.
    case misuse(String)

    public var description: String {
        switch self {
        case .exists(let path): return tr(.errIOExists, ["path": path])
        case .failed(let what, let code): return "\(what): \(errnoText(code))"
        case .misuse(let why): return why
        }
    }
}
