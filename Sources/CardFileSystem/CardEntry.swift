/// The filesystems sdcustody reads.
public enum FileSystemKind: String, Sendable, Codable {
    case fat12 = "FAT12"
    case fat16 = "FAT16"
    case fat32 = "FAT32"
    case exfat = "exFAT"
}

/// One file or folder as a card's directory records it, in the filesystem-neutral shape that
/// `ls`, `cat` and `export` use.
public struct CardEntry: Sendable, Equatable {
    /// `/`-separated from the volume root, no leading `/` (as `fls -p` prints it).
    public var path: String
    /// The name as stored (long name where there is a valid one). For a deleted FAT entry whose
    /// first character the filesystem overwrote, that character is `_` (see `notes`).
    public var name: String
    /// The FAT 8.3 name, as `NAME.EXT`; nil on exFAT.
    public var shortName: String?
    public var isDirectory: Bool
    /// The size the directory entry records (exFAT: DataLength).
    public var size: UInt64
    /// exFAT ValidDataLength: bytes past it read as zeros. nil where the filesystem has none.
    public var validDataLength: UInt64?
    public var created: CardTimestamp?
    public var modified: CardTimestamp?
    public var accessed: CardTimestamp?
    /// FAT/exFAT attribute bits as stored (read-only 0x01, hidden 0x02, system 0x04,
    /// volume label 0x08, directory 0x10, archive 0x20).
    public var attributes: UInt16
    /// The entry is marked deleted (FAT 0xE5; exFAT InUse bit clear).
    public var deleted: Bool
    /// First cluster of the data, 0 for none.
    public var firstCluster: UInt32
    /// The data is one contiguous run and the FAT is not consulted (exFAT NoFatChain).
    public var contiguous: Bool
    /// Byte offset, within the volume, of the entry's (first) directory entry.
    public var entryOffset: UInt64
    /// Things a reader should know: a long name that failed its checksum, a lost first character,
    /// a name that had to be made safe, a chain that ended early.
    public var notes: [String]
    /// What the listing found wrong with a live file's allocation (and, once its media bytes were
    /// read, with its media); empty for an undamaged file and for folders and deleted entries.
    public var damage: [FileDamage] = []

    public init(path: String, name: String, shortName: String? = nil, isDirectory: Bool, size: UInt64,
                validDataLength: UInt64? = nil, created: CardTimestamp? = nil, modified: CardTimestamp? = nil,
                accessed: CardTimestamp? = nil, attributes: UInt16 = 0, deleted: Bool = false,
                firstCluster: UInt32 = 0, contiguous: Bool = false, entryOffset: UInt64 = 0, notes: [String] = []) {
        self.path = path; self.name = name; self.shortName = shortName; self.isDirectory = isDirectory
        self.size = size; self.validDataLength = validDataLength; self.created = created
        self.modified = modified; self.accessed = accessed; self.attributes = attributes
        self.deleted = deleted; self.firstCluster = firstCluster; self.contiguous = contiguous
        self.entryOffset = entryOffset; self.notes = notes
    }
}

/// A walk of the whole volume. `problems` names everything that could not be read, so a partial
/// listing says what is missing instead of pretending to be whole.
public struct VolumeListing: Sendable {
    public var entries: [CardEntry]
    public var problems: [String]
    public init(entries: [CardEntry] = [], problems: [String] = []) {
        self.entries = entries
        self.problems = problems
    }
}

/// A contiguous stretch of a file's data on the volume.
public struct ClusterRun: Sendable, Equatable, Codable {
    public var firstCluster: UInt32
    public var clusterCount: UInt32
    /// Offset of the run's first byte within the volume source.
    public var byteOffset: UInt64
    /// Bytes of this run that belong to the file (the last run is cut at the file's size).
    public var byteLength: UInt64
    public init(firstCluster: UInt32, clusterCount: UInt32, byteOffset: UInt64, byteLength: UInt64) {
        self.firstCluster = firstCluster; self.clusterCount = clusterCount
        self.byteOffset = byteOffset; self.byteLength = byteLength
    }
}

/// Where a file's bytes are: runs on the volume, how many bytes are real data before zeros
/// (exFAT ValidDataLength), and for a recovered deleted file how many bytes could not be had.
public struct ContentPlan: Sendable, Equatable {
    public var runs: [ClusterRun]
    /// Bytes the reader delivers in total.
    public var size: UInt64
    /// Bytes taken from `runs`; the rest, up to `size`, are zeros (ValidDataLength).
    public var dataLength: UInt64
    /// For a recovered deleted file: bytes of the recorded size that could not be recovered
    /// (clusters already reused); `size` then excludes them. 0 for live files.
    public var unrecoverableBytes: UInt64
    public var warnings: [String]
    /// Set by `CardVolume.salvagePlan` for a live file whose chain could not be followed to its
    /// size: what is wrong, and why the plan holds fewer bytes than the entry records (then
    /// `unrecoverableBytes` counts the missing ones). Empty and nil for a whole file.
    public var damage: [FileDamage] = []
    public var incompleteReason: String?
    public init(runs: [ClusterRun], size: UInt64, dataLength: UInt64, unrecoverableBytes: UInt64 = 0, warnings: [String] = []) {
        self.runs = runs; self.size = size; self.dataLength = dataLength
        self.unrecoverableBytes = unrecoverableBytes; self.warnings = warnings
    }
}
