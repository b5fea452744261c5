#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small output files (records, sidecars) written so that a reader never sees half of one and
/// nothing existing is replaced: the same temporary-name, fsync and link-into-place steps as
/// every other output (`AtomicFileOutput`).
public enum AtomicFile {
    public static func write<Bytes: Collection>(_ bytes: Bytes, to path: String, mode: mode_t) throws where Bytes.Element == UInt8 {
        let out = try AtomicFileOutput(path: path, mode: mode)
        do {
            try Array(bytes).withUnsafeBytes { try out.write($0) }
            try out.finish()
        } catch {
            out.discard()
            throw error
        }
    }
}
