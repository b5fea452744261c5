import Custody
import Foundation
import Age

/// Small output files (records, sidecars) written so that a reader never sees half of one and
/// nothing existing is replaced: the same temporary-name, fsync and link-into-place steps as
/// every other output (`AtomicFileOutput`).
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t) throws {
        let out = try AtomicFileOutput(path: path, mode: mode)
        do {
            try data.withUnsafeBytes { try out.write($0) }
            try out.finish()
        } catch {
            out.discard()
            throw error
        }
    }
}
