import Codecs

extension ProvenanceDocument {
    /// One find carved from unallocated clusters and exported as a derived file under
    /// `data/carved/` (issue 12 item 4): no card entry names it, so the record says where its
    /// bytes were (image and volume offsets, clusters) and what in them gave its type and time.
    public struct CarvedRecord: Equatable, Sendable {
        /// `data/carved/…`.
        public var storedPath: String
        /// `mp4`, `mov`, `jpeg`, `mpeg_ps`, `dhav`.
        public var type: String
        /// First byte within the whole source (partition start + volume offset).
        public var sourceOffset: UInt64
        public var volumeOffset: UInt64
        public var length: UInt64
        public var sha256: String?
        public var clusterRuns: [ClusterRun]
        /// The recording time the find's own bytes carry, camera wall clock; nil where none.
        public var start: String?
        public var end: String?
        public var timeSource: String?
        /// False when the find was cut short by clusters in use (overwritten).
        public var complete: Bool
        public var notes: [String]

        public init(storedPath: String, type: String, sourceOffset: UInt64, volumeOffset: UInt64, length: UInt64,
                    sha256: String?, clusterRuns: [ClusterRun], start: String?, end: String?, timeSource: String?,
                    complete: Bool, notes: [String]) {
            self.storedPath = storedPath; self.type = type; self.sourceOffset = sourceOffset
            self.volumeOffset = volumeOffset; self.length = length; self.sha256 = sha256; self.clusterRuns = clusterRuns
            self.start = start; self.end = end; self.timeSource = timeSource; self.complete = complete; self.notes = notes
        }

        var json: JSONValue {
            .object([
                ("stored_path", .string(storedPath)),
                ("type", .string(type)),
                ("source_offset", .uint(sourceOffset)),
                ("volume_offset", .uint(volumeOffset)),
                ("length", .uint(length)),
                ("sha256", .from(sha256)),
                ("cluster_runs", .array(clusterRuns.map(\.json))),
                ("start", .from(start)),
                ("end", .from(end)),
                ("time_source", .from(timeSource)),
                ("complete", .bool(complete)),
                ("notes", .array(notes.map { .string($0) })),
                ("derived", .string("carved from unallocated clusters: no directory entry names these bytes")),
            ])
        }

        init(reading r: ObjectReader) throws {
            self.init(storedPath: try r.string("stored_path"), type: try r.string("type"),
                      sourceOffset: try r.uint("source_offset"), volumeOffset: try r.uint("volume_offset"),
                      length: try r.uint("length"), sha256: try r.optionalString("sha256"),
                      clusterRuns: try (r.optionalObjects("cluster_runs") ?? []).map(ClusterRun.init(reading:)),
                      start: try r.optionalString("start"), end: try r.optionalString("end"),
                      timeSource: try r.optionalString("time_source"), complete: try r.bool("complete"),
                      notes: try r.strings("notes"))
        }
    }
}
