import OpenSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Messages

/// The installation's Ed25519 signing key: `$SDCUSTODY_KEY`, else
/// `$XDG_DATA_HOME/sdcustody/signing-key.pem` (see `LogLocation`). The file is PEM PKCS#8 as
/// `Ed25519Key` documents, mode 0600, in a folder created 0700; it is created on first use.
///
/// Creation is safe when many processes start at once: each writes its own temporary file and
/// `link(2)`s it into place; all but one link fails, and those read the winner's key. `AccessLog`
/// also calls this only while it holds the log's lock.
public enum SigningKeyStore {
    /// Loads the key at `path`, or creates it. Returns whether it was created.
    public static func loadOrCreate(path: String) throws -> (key: Ed25519Key, created: Bool) {
        if let key = try load(path: path) { return (key, false) }
        try LogFile.makeFolders(LogFile.parent(of: path))
        let key: Ed25519Key
        do { key = try Ed25519Key.generate() } catch {
            throw AccessLogError.badKey(path: path, reason: tr(.lcCannotGenerate, ["error": "\(error)"]))
        }
        do {
            try key.write(toFile: path)
            return (key, true)
        } catch Ed25519Error.exists {
            // Another process won the race: use its key.
            if let theirs = try load(path: path) { return (theirs, false) }
            throw AccessLogError.badKey(path: path, reason: tr(.lcAppearedAndVanishedWhileBeing))
        } catch {
            throw AccessLogError.badKey(path: path, reason: "\(error)")
        }
    }

    /// The key at `path`, nil when there is no file.
    public static func load(path: String) throws -> Ed25519Key? {
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ENOENT { return nil }
            throw AccessLogError.io(operation: "stat", path: path, errno: errno)
        }
        do { return try Ed25519Key(contentsOfFile: path) } catch {
            throw AccessLogError.badKey(path: path, reason: "\(error)")
        }
    }
}
