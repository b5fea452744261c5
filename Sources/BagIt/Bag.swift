#if canImport(Glibc)
import Glibc
#endif

/// A bag as the validator read it, handed to additional checks (provenance, access log, ...)
/// so they need not parse it again. Digests of payload files are the ones the validator
/// computed from the files' bytes, not the manifests' claims.
public struct Bag: Sendable {
    /// A regular file found under `data/`.
    public struct PayloadFile: Sendable {
        /// Relative to the bag folder, starting "data/". Bytes as on disk.
        public let pathBytes: [UInt8]
        public var path: String { BagPath.display(pathBytes) }
        public let size: UInt64
        /// Lower-case hex by algorithm name ("sha256"), for every algorithm a manifest listing
        /// the file uses and we support. Empty for files no manifest lists.
        public let digests: [String: String]
    }

    /// The bag folder as given to the validator.
    public let path: String
    public let declaration: BagDeclaration
    /// bag-info.txt, where present and readable.
    public let info: BagInfo?
    public let payloadManifests: [Manifest]
    public let tagManifests: [Manifest]
    /// Regular files under data/, sorted by path bytes.
    public let payloadFiles: [PayloadFile]
    /// Regular files outside data/ (bag-relative, `/`-separated), sorted.
    public let tagFiles: [String]

    /// The largest tag file `readTagFile` returns.
    public static let defaultTagFileLimit = 256 << 20

    /// Reads a tag file's bytes safely (no symlink followed anywhere on the way).
    public func readTagFile(_ relativePath: String, limit: Int = Bag.defaultTagFileLimit) throws -> [UInt8] {
        let components = try BagPath.components(ofRelative: relativePath)
        let rootFD = try FileSystem.openDirectory(path)
        defer { close(rootFD) }
        return try Bag.read(rootFD, components, display: relativePath, limit: limit)
    }

    /// Reads a tag file and decodes it with the bag's declared encoding.
    public func readTagText(_ relativePath: String) throws -> String {
        let bytes = try readTagFile(relativePath)
        guard let encoding = TagFileText.Encoding(name: declaration.encoding) else {
            throw BagError.unsupportedEncoding(declaration.encoding)
        }
        do {
            return try TagFileText.decode(bytes, encoding).text
        } catch {
            throw BagError.undecodable(path: relativePath, encoding: declaration.encoding)
        }
    }

    static func read(_ rootFD: Int32, _ components: [[UInt8]], display: String, limit: Int) throws -> [UInt8] {
        let fd = try FileSystem.openBeneath(rootFD, components, lastFlags: O_RDONLY, display: display)
        defer { close(fd) }
        let st = try FileSystem.status(fd, display: display)
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw BagError.io(operation: "read", path: display, errno: EINVAL) }
        guard st.st_size <= limit else { throw BagError.tooLarge(path: display, limit: limit) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try FileSystem.readFull(fd, $0, display: display) }
            out += chunk[0..<n]
            if out.count > limit { throw BagError.tooLarge(path: display, limit: limit) }
            if n < chunk.count { break }
        }
        return out
    }
}
