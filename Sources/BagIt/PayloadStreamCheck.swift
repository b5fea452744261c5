/// A payload file a deferred validation did not read (`BagValidator.deferPayloadHashing`): what
/// every manifest that lists it says it hashes to.
public struct DeferredPayloadFile: Sendable {
    /// Bag-relative, `data/…`, as on disk.
    public let pathBytes: [UInt8]
    /// The size found when the bag was inventoried.
    public let size: UInt64
    /// One per manifest listing the file, in an algorithm this tool computes.
    public let expected: [(algorithm: String, checksum: String)]

    public var path: String { BagPath.display(pathBytes) }
}

/// Checks the payload files of a deferred validation while the caller streams their bytes
/// (each byte read once, for the archive and for the check): `begin` with the file's bag-relative
/// path, `update` with its bytes in order, `end`; `finish` once every file was streamed. A file
/// whose bytes do not match its manifests, a payload file the validation did not see, or one it
/// saw that was never streamed is a problem; the first problem is thrown as `Mismatch` so the
/// caller can stop at once.
public final class PayloadStreamCheck {
    /// The payload failed its check; `problems` names each file.
    public struct Mismatch: Error, CustomStringConvertible {
        public let problems: [BagProblem]
        public var description: String { problems.map(\.description).joined(separator: "; ") }
    }

    private var pending: [[UInt8]: DeferredPayloadFile] = [:]
    private var current: (file: DeferredPayloadFile, hasher: ChecksumHasher)?
    public private(set) var problems: [BagProblem] = []
    /// Payload bytes streamed through the check.
    public private(set) var bytesChecked: UInt64 = 0

    public init(_ files: [DeferredPayloadFile]) {
        for f in files { pending[f.pathBytes] = f }
    }

    /// Starts the file at bag-relative `path`. Files outside `data/` (tag files) are not payload
    /// and are ignored (`update` and `end` then do nothing).
    public func begin(_ path: [UInt8]) throws {
        current = nil
        guard path.starts(with: Array("data/".utf8)) else { return }
        guard let file = pending.removeValue(forKey: path) else {
            try fail(.extra(path: BagPath.display(path)))
            return
        }
        current = (file, try ChecksumHasher(file.expected.map(\.algorithm)))
    }

    public func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard let current else { return }
        try current.hasher.update(bytes)
        bytesChecked &+= UInt64(bytes.count)
    }

    public func end() throws {
        guard let (file, hasher) = current else { return }
        current = nil
        let digests = try hasher.finish()
        for e in file.expected where digests[e.algorithm] != e.checksum {
            try fail(.changed(path: file.path, algorithm: e.algorithm))
        }
    }

    /// After the last file: every deferred file must have been streamed.
    public func finish() throws {
        for path in pending.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            problems.append(.missing(path: BagPath.display(path)))
        }
        if !problems.isEmpty { throw Mismatch(problems: problems) }
    }

    private func fail(_ problem: BagProblem) throws {
        problems.append(problem)
        throw Mismatch(problems: problems)
    }
}
