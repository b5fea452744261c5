import CardIO
import CardFileSystem

/// What the commands need of a card, whether it is read from raw bytes (a FAT or exFAT volume)
/// or from a folder where the system has mounted it.
public protocol FileTree: AnyObject {
    /// Every entry, parents before children; damage below the root goes in `problems`.
    func listing(includeDeleted: Bool) throws -> VolumeListing
    /// The bytes of a file entry, streamed.
    func content(of entry: CardEntry) throws -> FileContent
    /// Like `content`, but a file whose chain is broken gives the bytes that can be read, with
    /// `plan.incompleteReason` saying why the rest cannot (`CardVolume.salvagePlan`).
    func salvageContent(of entry: CardEntry) throws -> FileContent
    /// An unclosed file's whole chain (`CardVolume.unclosedPlan`); nil for any other entry.
    func unclosedContent(of entry: CardEntry) throws -> FileContent?
}

extension FileTree {
    /// A tree without cluster chains (a mounted folder) reads whole files or nothing.
    public func salvageContent(of entry: CardEntry) throws -> FileContent { try content(of: entry) }
    public func unclosedContent(of entry: CardEntry) throws -> FileContent? { nil }
}

/// One file's bytes, ready to stream or to read at random (for media headers).
public struct FileContent {
    /// Random access to the content, for parsers that read a few headers.
    public let source: ByteSource
    /// Bytes the stream delivers.
    public let size: UInt64
    /// Where the bytes lie on the volume (nil for a mounted folder, where the system hides it).
    public let plan: ContentPlan?
    /// Best-effort notes (deleted-file recovery, bytes that could not be recovered).
    public let warnings: [String]
    private let streamer: (_ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Void

    public init(source: ByteSource, size: UInt64, plan: ContentPlan?, warnings: [String],
                streamer: @escaping (_ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) {
        self.source = source
        self.size = size
        self.plan = plan
        self.warnings = warnings
        self.streamer = streamer
    }

    /// Calls `body` with consecutive chunks of the content (each valid only during the call).
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try streamer(body)
    }
}

/// A FAT or exFAT volume read from raw bytes.
public final class VolumeTree: FileTree {
    public let volume: CardVolume

    public init(_ volume: CardVolume) { self.volume = volume }

    public func listing(includeDeleted: Bool) throws -> VolumeListing {
        try volume.listing(includeDeleted: includeDeleted)
    }

    public func content(of entry: CardEntry) throws -> FileContent {
        if entry.isDirectory { throw FileSystemError.isDirectory(path: entry.path) }
        return content(entry, plan: try volume.contentPlan(for: entry))
    }

    public func salvageContent(of entry: CardEntry) throws -> FileContent {
        if entry.isDirectory { throw FileSystemError.isDirectory(path: entry.path) }
        return content(entry, plan: try volume.salvagePlan(for: entry))
    }

    public func unclosedContent(of entry: CardEntry) throws -> FileContent? {
        try volume.unclosedPlan(for: entry).map { content(entry, plan: $0) }
    }

    private func content(_ entry: CardEntry, plan: ContentPlan) -> FileContent {
        let stream = ContentStream(source: volume.source, plan: plan)
        let random = FileContentSource(volume: volume.source, plan: plan, name: entry.path)
        return FileContent(source: random, size: plan.size, plan: plan, warnings: plan.warnings) { body in
            try stream.forEachChunk(body)
        }
    }
}
