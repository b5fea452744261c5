import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Folders a test process makes once and shares between its tests (a generated card image, the
/// unpacked samples, a data home): `/tmp/sdcustody-NAME-PID`, removed when the process exits.
/// Those an earlier process left (it crashed, or was killed) are removed when the next one asks
/// for the same name. Without this every run of the suite left about 600 MiB in /tmp.
public enum ProcessScratch {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: [String] = []
    nonisolated(unsafe) private static var registered = false

    /// The folder for `name` (letters, digits and `-`), made if it is not there yet.
    public static func folder(_ name: String) throws -> URL {
        let tmp = FileManager.default.temporaryDirectory
        let url = tmp.appendingPathComponent("sdcustody-\(name)-\(getpid())")
        lock.lock()
        defer { lock.unlock() }
        if !registered {
            registered = true
            atexit { ProcessScratch.removeAll() }
        }
        if !made.contains(url.path) {
            removeStale(name, in: tmp)
            made.append(url.path)
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Removes the folders of `name` whose process is gone (`kill(pid, 0)` says ESRCH).
    static func removeStale(_ name: String, in tmp: URL) {
        let prefix = "sdcustody-\(name)-"
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: tmp.path) else { return }
        for item in items where item.hasPrefix(prefix) {
            guard let pid = Int32(item.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: tmp.appendingPathComponent(item))
            }
        }
    }

    static func removeAll() {
        lock.lock()
        let folders = made
        made = []
        lock.unlock()
        for path in folders { try? FileManager.default.removeItem(atPath: path) }
    }
}
