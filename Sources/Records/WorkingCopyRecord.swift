import Codecs

/// A playable working copy in an export (`export --playable`, issue 13): a stream copy (no
/// re-encoding) of a master into MP4 or MOV under `data/playable/`, with the master it came
/// from. In the provenance's `working_copies` array; the Dstl/NPCC guidance's "clearly named
/// processed copy": the master beside it is never altered.
public struct WorkingCopyRecord: Equatable, Sendable {
    /// `data/playable/...`.
    public var storedPath: String
    public var size: UInt64
    public var sha256: String
    /// `mp4` or `mov`.
    public var container: String
    /// How it was made, in words.
    public var method: String
    /// The master's payload path (`data/card/...`, `data/recordings/...`).
    public var masterStoredPath: String
    /// The master's card path (the container for a recording).
    public var masterCardPath: String
    /// The master's bytes within its card file: `[offset, offset + length)`.
    public var masterOffset: UInt64
    public var masterLength: UInt64
    public var masterSHA256: String
    /// Codecs copied, and streams left out with the reason.
    public var streams: [String]
    public var dropped: [String]
    public var videoPackets: Int64

    public init(storedPath: String, size: UInt64, sha256: String, container: String, method: String, masterStoredPath: String,
                masterCardPath: String, masterOffset: UInt64, masterLength: UInt64, masterSHA256: String, streams: [String],
                dropped: [String], videoPackets: Int64) {
        self.storedPath = storedPath
        self.size = size
        self.sha256 = sha256
        self.container = container
        self.method = method
        self.masterStoredPath = masterStoredPath
        self.masterCardPath = masterCardPath
        self.masterOffset = masterOffset
        self.masterLength = masterLength
        self.masterSHA256 = masterSHA256
        self.streams = streams
        self.dropped = dropped
        self.videoPackets = videoPackets
    }

    public var json: JSONValue {
        .object([
            ("stored_path", .string(storedPath)), ("size", .uint(size)), ("sha256", .string(sha256)),
            ("container", .string(container)), ("method", .string(method)),
            ("master", .object([("stored_path", .string(masterStoredPath)), ("card_path", .string(masterCardPath)),
                                ("offset", .uint(masterOffset)), ("length", .uint(masterLength)),
                                ("sha256", .string(masterSHA256))])),
            ("streams", .array(streams.map { .string($0) })), ("dropped", .array(dropped.map { .string($0) })),
            ("video_packets", .int(videoPackets)),
        ])
    }

    init(reading r: ObjectReader) throws {
        let m = try r.object("master")
        self.init(storedPath: try r.string("stored_path"), size: try r.uint("size"), sha256: try r.string("sha256"),
                  container: try r.string("container"), method: try r.string("method"),
                  masterStoredPath: try m.string("stored_path"), masterCardPath: try m.string("card_path"),
                  masterOffset: try m.uint("offset"), masterLength: try m.uint("length"), masterSHA256: try m.string("sha256"),
                  streams: try r.strings("streams"), dropped: try r.strings("dropped"), videoPackets: try r.int("video_packets"))
    }
}
