import Messages
/// Why a volume could not be read. One line each, fit for stderr with exit status 2.
public enum FileSystemError: Error, CustomStringConvertible, Equatable {
    /// The bytes are not a filesystem sdcustody knows; `hint` names what it looks like instead.
    case unrecognised(hint: String?)
    /// A filesystem we recognise but do not read yet (ext4, NTFS).
    case unsupported(name: String)
    /// A structure failed one invariant; `structure` names it, `reason` the broken rule.
    case corrupt(structure: String, reason: String)
    /// A cluster chain revisits a cluster or runs longer than the volume's cluster count.
    case chainLoop(firstCluster: UInt32)
    /// A path asked for on the command line is not on the card.
    case notFound(path: String)
    /// A path names a folder where a file was expected.
    case isDirectory(path: String)

    public var description: String {
        switch self {
        case let .unrecognised(hint):
            return hint.map { tr(.errFSUnrecognisedHint, ["hint": $0]) } ?? tr(.errFSUnrecognised)
        case let .unsupported(name):
            return tr(.errFSUnsupported, ["name": name])
        case let .corrupt(structure, reason):
            return tr(.errFSCorrupt, ["structure": structure, "reason": reason])
        case let .chainLoop(first):
            return tr(.errFSChainLoop, ["cluster": String(first)])
        case let .notFound(path):
            return tr(.errFSNotFound, ["path": path])
        case let .isDirectory(path):
            return tr(.errFSIsDirectory, ["path": path])
        }
    }
}
