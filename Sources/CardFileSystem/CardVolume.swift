import CardIO

/// Facts about a volume for `info`, in display order. Keys are stable (they become JSON keys).
public struct VolumeDescription: Sendable {
    public var kind: FileSystemKind
    public var label: String?
    /// Volume serial number as the filesystem stores it (FAT: BS_VolID; exFAT: VolumeSerialNumber).
    public var serialNumber: UInt32
    public var bytesPerSector: UInt32
    public var clusterSize: UInt32
    public var clusterCount: UInt32
    public var freeClusters: UInt32?
    /// Size of the volume as its boot sector declares it.
    public var volumeSize: UInt64
    /// Extra facts worth showing (FAT count, FSInfo free count, OEM name, root-dir location…).
    public var details: [(key: String, value: String)]
    /// Inconsistencies found while opening (FAT copies differ, boot checksum mismatch, …).
    public var warnings: [String]

    public init(kind: FileSystemKind, label: String?, serialNumber: UInt32, bytesPerSector: UInt32,
                clusterSize: UInt32, clusterCount: UInt32, freeClusters: UInt32?, volumeSize: UInt64,
                details: [(key: String, value: String)] = [], warnings: [String] = []) {
        self.kind = kind; self.label = label; self.serialNumber = serialNumber
        self.bytesPerSector = bytesPerSector; self.clusterSize = clusterSize; self.clusterCount = clusterCount
        self.freeClusters = freeClusters; self.volumeSize = volumeSize; self.details = details; self.warnings = warnings
    }
}

/// A FAT or exFAT volume opened over a read-only byte source (the partition's bytes).
///
/// Implementations validate the boot region in `init`, walk directories with every loop bounded
/// by the cluster count and recursion bounded in depth, and report damage in `problems` or
/// `warnings` rather than trapping.
public protocol CardVolume: AnyObject {
    /// The volume's bytes (a slice of the card for a partition).
    var source: ByteSource { get }
    var description: VolumeDescription { get }
    /// Every entry, depth first in directory order (parents before children).
    /// Deleted entries are included only when asked; never throws for damage below the root:
    /// what could not be read is named in `problems`.
    func listing(includeDeleted: Bool) throws -> VolumeListing
    /// Where `entry`'s bytes are. For a deleted entry: from its first cluster on, contiguously,
    /// while those clusters are unallocated (best effort; `unrecoverableBytes` says what is missing).
    func contentPlan(for entry: CardEntry) throws -> ContentPlan
    /// Like `contentPlan`, but a live file whose chain is broken (short, looping, leaving the
    /// heap, or past the end of a truncated image) gives the bytes its chain can be followed for,
    /// with `damage`, `incompleteReason` and `unrecoverableBytes` set, instead of an error.
    /// Never returns more bytes than were found on the chain.
    func salvagePlan(for entry: CardEntry) throws -> ContentPlan
    /// For a live file named `unclosed`: its whole cluster chain, followed to its end (capped
    /// at the cluster count) past the recorded size, as a recording the camera never closed
    /// would be read. nil for any other entry.
    func unclosedPlan(for entry: CardEntry) throws -> ContentPlan?
    /// Whether `cluster` is in use according to the allocation structures (FAT or bitmap).
    func isAllocated(cluster: UInt32) throws -> Bool
}

extension CardVolume {
    /// A volume that knows no salvage reads whole files or nothing.
    public func salvagePlan(for entry: CardEntry) throws -> ContentPlan { try contentPlan(for: entry) }
    public func unclosedPlan(for entry: CardEntry) throws -> ContentPlan? { nil }
}
