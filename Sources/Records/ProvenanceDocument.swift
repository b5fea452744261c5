import Codecs

/// The provenance tag file of an export, `sdcustody-provenance.json` (format
/// `sdcustody-provenance/1`): for every exported file where it was on the card and how we know
/// when it was recorded; for the whole export what was read, by whom, how and when.
///
/// `bytes()` writes the members in the order version 1 has always used, so a document read and
/// written again is byte for byte the same; `read(_:)` refuses another format version.
public struct ProvenanceDocument: Equatable, Sendable {
    public static let format = "sdcustody-provenance/1"
    /// Its name inside the bag.
    public static let fileName = "sdcustody-provenance.json"
    static let document = "provenance"

    public var tool: String
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public var exportedAt: String
    public var commandLine: [String]
    public var operatorName: String
    public var caseID: String
    public var exhibit: String
    public var organization: String?
    public var cameraID: String?
    public var location: String?
    public var source: Source
    public var volume: Volume
    public var selection: Selection
    public var listingComplete: Bool
    public var listingProblems: [String]
    public var warnings: [String]
    public var files: [File]
    /// What the card reveals about its camera's security (`sdcustody audit`'s findings, machine
    /// codes only, never a secret), as a JSON array; nil in documents written before it existed.
    public var securityFindings: JSONValue?
    /// Recordings exported as byte ranges of recorder containers (issue 11); written only when
    /// present, so documents without them keep their bytes.
    public var recordings: [RecordingRange]?
    /// Playable working copies (`export --playable`), absent when none were asked for.
    public var workingCopies: [WorkingCopyRecord]?
    /// Finds carved from unallocated clusters (`export --carve`, issue 12); written only when
    /// the export carved, so other documents keep their bytes.
    public var carved: [CarvedRecord]?

    public init(tool: String, exportedAt: String, commandLine: [String], operatorName: String, caseID: String,
                exhibit: String, organization: String?, cameraID: String?, location: String?, source: Source,
                volume: Volume, selection: Selection, listingComplete: Bool, listingProblems: [String],
                warnings: [String], files: [File], securityFindings: JSONValue? = nil, recordings: [RecordingRange]? = nil) {
        self.securityFindings = securityFindings
        self.tool = tool
        self.exportedAt = exportedAt
        self.commandLine = commandLine
        self.operatorName = operatorName
        self.caseID = caseID
        self.exhibit = exhibit
        self.organization = organization
        self.cameraID = cameraID
        self.location = location
        self.source = source
        self.volume = volume
        self.selection = selection
        self.listingComplete = listingComplete
        self.listingProblems = listingProblems
        self.warnings = warnings
        self.files = files
        self.recordings = recordings
    }

    /// One recording exported as its own payload file: bytes `[offset, offset + length)` of a
    /// recorder container, with the index record that gave its times.
    public struct RecordingRange: Equatable, Sendable {
        /// The container's card path.
        public var container: String
        /// `data/recordings/…`; nil when the recording was not copied as its own file (an export
        /// without a window copies its container whole, under `files`).
        public var storedPath: String?
        public var offset: UInt64
        public var length: UInt64
        /// Camera local time, `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
        public var start: String
        public var end: String?
        public var timeSource: String
        /// `complete`, `recording` or `old`.
        public var state: String
        /// Nil where the index does not say.
        public var channel: Int64?
        /// The index file, slot and raw record (hex) the recording came from.
        public var index: String?
        public var indexSlot: Int64
        public var indexRecord: String
        public var sha256: String?
        /// The container's clusters, nil for a logical copy.
        public var containerClusterRuns: [ClusterRun]?

        public init(container: String, storedPath: String?, offset: UInt64, length: UInt64, start: String, end: String?,
                    timeSource: String, state: String, channel: Int64?, index: String?, indexSlot: Int64, indexRecord: String,
                    sha256: String?, containerClusterRuns: [ClusterRun]?) {
            self.container = container; self.storedPath = storedPath; self.offset = offset; self.length = length
            self.start = start; self.end = end; self.timeSource = timeSource; self.state = state; self.channel = channel
            self.index = index; self.indexSlot = indexSlot; self.indexRecord = indexRecord; self.sha256 = sha256
            self.containerClusterRuns = containerClusterRuns
        }
    }

    /// What was read: the image, device or folder.
    public struct Source: Equatable, Sendable {
        public var path: String
        /// `image`, `split_image`, `block_device` or `mounted_folder`.
        public var kind: String
        public var size: UInt64?
        /// SHA-256 of the whole source, computed during the export; nil for devices and folders.
        public var sha256: String?
        public var sha256Note: String
        /// Physical (raw bytes) or logical (through a mount) copy, in words.
        public var copy: String
        public var device: Device?
        /// The acquisition record's identifying parts (`CardDescriptions.acquisitionJSON`), kept as written.
        public var acquisition: JSONValue?

        public init(path: String, kind: String, size: UInt64?, sha256: String?, sha256Note: String, copy: String,
                    device: Device? = nil, acquisition: JSONValue? = nil) {
            self.path = path
            self.kind = kind
            self.size = size
            self.sha256 = sha256
            self.sha256Note = sha256Note
            self.copy = copy
            self.device = device
            self.acquisition = acquisition
        }
    }

    /// What the kernel said of a block device.
    public struct Device: Equatable, Sendable {
        public var vendor: String?
        public var model: String?
        public var serial: String?
        public var readOnlyFlag: Bool?
        public var cid: String?
        public var csd: String?

        public init(vendor: String?, model: String?, serial: String?, readOnlyFlag: Bool?, cid: String?, csd: String?) {
            self.vendor = vendor
            self.model = model
            self.serial = serial
            self.readOnlyFlag = readOnlyFlag
            self.cid = cid
            self.csd = csd
        }
    }

    /// Where on the card the volume lies; each member is written only when known.
    public struct Volume: Equatable, Sendable {
        public var partition: Int64?
        public var partitionStart: UInt64?
        public var partitionLength: UInt64?
        public var partitionType: String?
        /// The filesystem's description (`CardDescriptions.volumeJSON`), kept as written.
        public var filesystem: JSONValue?
        /// `mbr`, `gpt` or `none`.
        public var partitionTable: String?

        public init(partition: Int64? = nil, partitionStart: UInt64? = nil, partitionLength: UInt64? = nil,
                    partitionType: String? = nil, filesystem: JSONValue? = nil, partitionTable: String? = nil) {
            self.partition = partition
            self.partitionStart = partitionStart
            self.partitionLength = partitionLength
            self.partitionType = partitionType
            self.filesystem = filesystem
            self.partitionTable = partitionTable
        }
    }

    /// What the operator asked for.
    public struct Selection: Equatable, Sendable {
        /// `--from`, `--to`, `--date` as typed.
        public var from: String?
        public var to: String?
        public var date: String?
        /// The window on the true-time axis, `YYYY-MM-DDTHH:MM:SS` each end (nil: open).
        public var windowTrueTime: (from: String?, to: String?)?
        public var clockOffset: String?
        public var clockOffsetMeaning: String
        public var include: [String]
        public var deleted: Bool
        /// The most recent clock check of the camera in the access log (`sdcustody clock`), when
        /// there is one; written only then.
        public var clockCheck: ClockCheckRecord?

        public init(from: String?, to: String?, date: String?, windowTrueTime: (from: String?, to: String?)?,
                    clockOffset: String?, clockOffsetMeaning: String, include: [String], deleted: Bool,
                    clockCheck: ClockCheckRecord? = nil) {
            self.from = from
            self.to = to
            self.date = date
            self.windowTrueTime = windowTrueTime
            self.clockOffset = clockOffset
            self.clockOffsetMeaning = clockOffsetMeaning
            self.include = include
            self.deleted = deleted
            self.clockCheck = clockCheck
        }

        public static func == (a: Selection, b: Selection) -> Bool {
            a.from == b.from && a.to == b.to && a.date == b.date
                && a.windowTrueTime?.from == b.windowTrueTime?.from && a.windowTrueTime?.to == b.windowTrueTime?.to
                && (a.windowTrueTime == nil) == (b.windowTrueTime == nil)
                && a.clockOffset == b.clockOffset && a.clockOffsetMeaning == b.clockOffsetMeaning
                && a.include == b.include && a.deleted == b.deleted && a.clockCheck == b.clockCheck
        }
    }

    /// A clock check as the provenance names it: what the camera and the reference showed, the
    /// offset that follows, the log entry that recorded it, and whether this export used it (an
    /// explicit `--clock-offset` wins; the provenance then says both).
    public struct ClockCheckRecord: Equatable, Sendable {
        public var cameraID: String
        public var cameraTime: String
        public var referenceTime: String
        public var reference: String
        public var offset: String
        public var loggedAt: String?
        public var entryHash: String?
        public var used: Bool

        public init(cameraID: String, cameraTime: String, referenceTime: String, reference: String, offset: String,
                    loggedAt: String?, entryHash: String?, used: Bool) {
            self.cameraID = cameraID
            self.cameraTime = cameraTime
            self.referenceTime = referenceTime
            self.reference = reference
            self.offset = offset
            self.loggedAt = loggedAt
            self.entryHash = entryHash
            self.used = used
        }

        var json: JSONValue {
            .object([
                ("camera_id", .string(cameraID)), ("camera_time", .string(cameraTime)),
                ("reference_time", .string(referenceTime)), ("reference", .string(reference)),
                ("clock_offset", .string(offset)), ("logged_at", .from(loggedAt)), ("log_entry_hash", .from(entryHash)),
                ("used", .bool(used)),
            ])
        }

        init(reading r: ObjectReader) throws {
            self.init(cameraID: try r.string("camera_id"), cameraTime: try r.string("camera_time"),
                      referenceTime: try r.string("reference_time"), reference: try r.string("reference"),
                      offset: try r.string("clock_offset"), loggedAt: try r.optionalString("logged_at"),
                      entryHash: try r.optionalString("log_entry_hash"), used: try r.bool("used"))
        }
    }

    /// One contiguous stretch of a file's clusters.
    public struct ClusterRun: Equatable, Sendable {
        public var firstCluster: UInt64
        public var clusterCount: UInt64
        /// From the start of the volume.
        public var volumeOffset: UInt64
        /// From the start of the source (partition start added).
        public var sourceOffset: UInt64
        public var length: UInt64

        public init(firstCluster: UInt64, clusterCount: UInt64, volumeOffset: UInt64, sourceOffset: UInt64, length: UInt64) {
            self.firstCluster = firstCluster
            self.clusterCount = clusterCount
            self.volumeOffset = volumeOffset
            self.sourceOffset = sourceOffset
            self.length = length
        }
    }

    /// The filesystem's own times of a file, as the card records them.
    public struct FilesystemTimes: Equatable, Sendable {
        public var created: String?
        public var modified: String?
        /// A date only (FAT keeps no access time of day).
        public var accessed: String?

        public init(created: String?, modified: String?, accessed: String?) {
            self.created = created
            self.modified = modified
            self.accessed = accessed
        }
    }

    /// One exported file.
    public struct File: Equatable, Sendable {
        public var cardPath: String
        /// `data/card/…` or `data/recovered/…`.
        public var storedPath: String
        /// Why the stored name differs from the card's, where it does.
        public var storedNameReason: String?
        /// Bytes in the bag.
        public var size: UInt64
        /// The size the directory entry records.
        public var recordedSize: UInt64
        public var sha256: String?
        public var deleted: Bool
        public var recovered: Bool
        public var unrecoverableBytes: UInt64?
        public var zeroFilledAfter: UInt64?
        /// nil for a logical copy (a mounted folder has no cluster runs).
        public var clusterRuns: [ClusterRun]?
        public var filesystemTimes: FilesystemTimes
        /// `R`, `H`, `S`, `D`, `A` or `-` each.
        public var attributes: String
        public var shortName: String?
        public var firstCluster: UInt64
        public var directoryEntryOffset: UInt64
        public var notes: [String]
        public var warnings: [String]
        public var recording: RecordingRecord?
        /// `false` for a file exported in part (`export --partial`); nil (not written) for a
        /// whole file, so documents of undamaged exports are unchanged.
        public var complete: Bool?
        /// Why the rest of a partly exported file could not be read.
        public var incompleteReason: String?
        /// The damage codes the listing named for the file (`unclosed`, `chain_short`, …);
        /// nil (not written) when there were none.
        public var damage: [String]?

        public init(cardPath: String, storedPath: String, storedNameReason: String?, size: UInt64, recordedSize: UInt64,
                    sha256: String?, deleted: Bool, recovered: Bool, unrecoverableBytes: UInt64?, zeroFilledAfter: UInt64?,
                    clusterRuns: [ClusterRun]?, filesystemTimes: FilesystemTimes, attributes: String, shortName: String?,
                    firstCluster: UInt64, directoryEntryOffset: UInt64, notes: [String], warnings: [String],
                    recording: RecordingRecord?) {
            self.cardPath = cardPath
            self.storedPath = storedPath
            self.storedNameReason = storedNameReason
            self.size = size
            self.recordedSize = recordedSize
            self.sha256 = sha256
            self.deleted = deleted
            self.recovered = recovered
            self.unrecoverableBytes = unrecoverableBytes
            self.zeroFilledAfter = zeroFilledAfter
            self.clusterRuns = clusterRuns
            self.filesystemTimes = filesystemTimes
            self.attributes = attributes
            self.shortName = shortName
            self.firstCluster = firstCluster
            self.directoryEntryOffset = directoryEntryOffset
            self.notes = notes
            self.warnings = warnings
            self.recording = recording
        }
    }

    // MARK: writing

    /// The document as it goes into the bag: pretty, with a final newline.
    public func bytes() -> [UInt8] { json.bytes(pretty: true) + [0x0A] }

    public var json: JSONValue {
        var sourceFields: [(String, JSONValue)] = [
            ("path", .string(source.path)),
            ("kind", .string(source.kind)),
            ("size", .optional(source.size) { .uint($0) }),
            ("sha256", .from(source.sha256)),
            ("sha256_note", .string(source.sha256Note)),
            ("copy", .string(source.copy)),
        ]
        if let d = source.device {
            sourceFields.append(("device", .object([
                ("vendor", .from(d.vendor)), ("model", .from(d.model)), ("serial", .from(d.serial)),
                ("read_only_flag", .optional(d.readOnlyFlag) { .bool($0) }), ("cid", .from(d.cid)), ("csd", .from(d.csd)),
            ])))
        }
        if let a = source.acquisition { sourceFields.append(("acquisition", a)) }
        var volumeFields: [(String, JSONValue)] = []
        if let p = volume.partition { volumeFields.append(("partition", .int(p))) }
        if let v = volume.partitionStart { volumeFields.append(("partition_start", .uint(v))) }
        if let v = volume.partitionLength { volumeFields.append(("partition_length", .uint(v))) }
        if let v = volume.partitionType { volumeFields.append(("partition_type", .string(v))) }
        if let v = volume.filesystem { volumeFields.append(("filesystem", v)) }
        if let v = volume.partitionTable { volumeFields.append(("partition_table", .string(v))) }
        var top: [(String, JSONValue)] = [
            ("format", .string(Self.format)),
            ("tool", .string(tool)),
            ("exported_at", .string(exportedAt)),
            ("command_line", .array(commandLine.map { .string($0) })),
            ("operator", .string(operatorName)),
            ("case", .string(caseID)),
            ("exhibit", .string(exhibit)),
            ("organization", .from(organization)),
            ("camera_id", .from(cameraID)),
            ("location", .from(location)),
            ("source", .object(sourceFields)),
            ("volume", .object(volumeFields)),
            ("selection", .object([
                ("from", .from(selection.from)), ("to", .from(selection.to)), ("date", .from(selection.date)),
                ("window_true_time", .optional(selection.windowTrueTime) { .object([("from", .from($0.from)), ("to", .from($0.to))]) }),
                ("clock_offset", .from(selection.clockOffset)),
                ("clock_offset_meaning", .string(selection.clockOffsetMeaning)),
                ("include", .array(selection.include.map { .string($0) })),
                ("deleted", .bool(selection.deleted)),
            ] + (selection.clockCheck.map { [("clock_check", $0.json)] } ?? []))),
            ("listing_complete", .bool(listingComplete)),
            ("listing_problems", .array(listingProblems.map { .string($0) })),
            ("warnings", .array(warnings.map { .string($0) })),
            ("files", .array(files.map(\.json))),
        ] + (securityFindings.map { [("security_findings", $0)] } ?? [])
        if let recordings { top.append(("recordings", .array(recordings.map(\.json)))) }
        if let workingCopies { top.append(("working_copies", .array(workingCopies.map(\.json)))) }
        if let carved { top.append(("carved", .array(carved.map(\.json)))) }
        return .object(top)
    }

    // MARK: reading

    /// Reads a provenance file, refusing another format version and naming the first field that
    /// is missing or of the wrong kind.
    public static func read(_ bytes: [UInt8]) throws -> ProvenanceDocument {
        let top = try ObjectReader.parse(bytes, document: document)
        try top.requireFormat(format)
        let s = try top.object("source")
        let d = try s.optionalObject("device")
        let v = try top.object("volume")
        let sel = try top.object("selection")
        let window = try sel.optionalObject("window_true_time")
        var doc = ProvenanceDocument(
            tool: try top.string("tool"), exportedAt: try top.string("exported_at"),
            commandLine: try top.strings("command_line"), operatorName: try top.string("operator"),
            caseID: try top.string("case"), exhibit: try top.string("exhibit"),
            organization: try top.optionalString("organization"), cameraID: try top.optionalString("camera_id"),
            location: try top.optionalString("location"),
            source: Source(
                path: try s.string("path"), kind: try s.string("kind"), size: try s.optionalUInt("size"),
                sha256: try s.optionalString("sha256"), sha256Note: try s.string("sha256_note"), copy: try s.string("copy"),
                device: try d.map { d in
                    Device(vendor: try d.optionalString("vendor"), model: try d.optionalString("model"),
                           serial: try d.optionalString("serial"), readOnlyFlag: try d.optionalBool("read_only_flag"),
                           cid: try d.optionalString("cid"), csd: try d.optionalString("csd"))
                },
                acquisition: s.optionalValue("acquisition")),
            volume: Volume(
                partition: try v.optionalInt("partition"), partitionStart: try v.optionalUInt("partition_start"),
                partitionLength: try v.optionalUInt("partition_length"), partitionType: try v.optionalString("partition_type"),
                filesystem: v.optionalValue("filesystem"), partitionTable: try v.optionalString("partition_table")),
            selection: Selection(
                from: try sel.optionalString("from"), to: try sel.optionalString("to"), date: try sel.optionalString("date"),
                windowTrueTime: try window.map { (try $0.optionalString("from"), try $0.optionalString("to")) },
                clockOffset: try sel.optionalString("clock_offset"),
                clockOffsetMeaning: try sel.string("clock_offset_meaning"),
                include: try sel.strings("include"), deleted: try sel.bool("deleted"),
                clockCheck: try sel.optionalObject("clock_check").map(ClockCheckRecord.init(reading:))),
            listingComplete: try top.bool("listing_complete"), listingProblems: try top.strings("listing_problems"),
            warnings: try top.strings("warnings"),
            files: try top.objects("files").map(File.init(reading:)),
            securityFindings: try securityFindings(top),
            recordings: try top.optionalObjects("recordings")?.map(RecordingRange.init(reading:)))
        doc.workingCopies = try top.optionalObjects("working_copies")?.map(WorkingCopyRecord.init(reading:))
        doc.carved = try top.optionalObjects("carved")?.map(CarvedRecord.init(reading:))
        return doc
    }

    /// `security_findings`: absent, or an array of objects, kept as it is (its shape is the audit's).
    static func securityFindings(_ top: ObjectReader) throws -> JSONValue? {
        _ = try top.optionalObjects("security_findings")
        return top.optionalValue("security_findings")
    }
}

extension ProvenanceDocument.ClusterRun {
    var json: JSONValue {
        .object([
            ("first_cluster", .uint(firstCluster)),
            ("cluster_count", .uint(clusterCount)),
            ("volume_offset", .uint(volumeOffset)),
            ("source_offset", .uint(sourceOffset)),
            ("length", .uint(length)),
        ])
    }

    init(reading r: ObjectReader) throws {
        self.init(firstCluster: try r.uint("first_cluster"), clusterCount: try r.uint("cluster_count"),
                  volumeOffset: try r.uint("volume_offset"), sourceOffset: try r.uint("source_offset"), length: try r.uint("length"))
    }
}

extension ProvenanceDocument.RecordingRange {
    var json: JSONValue {
        .object([
            ("container", .string(container)),
            ("stored_path", .from(storedPath)),
            ("offset", .uint(offset)),
            ("length", .uint(length)),
            ("start", .string(start)),
            ("end", .from(end)),
            ("time_source", .string(timeSource)),
            ("state", .string(state)),
            ("channel", .optional(channel) { .int($0) }),
            ("index", .from(index)),
            ("index_slot", .int(indexSlot)),
            ("index_record", .string(indexRecord)),
            ("sha256", .from(sha256)),
            ("container_cluster_runs", .optional(containerClusterRuns) { .array($0.map(\.json)) }),
        ])
    }

    init(reading r: ObjectReader) throws {
        self.init(
            container: try r.string("container"), storedPath: try r.optionalString("stored_path"), offset: try r.uint("offset"),
            length: try r.uint("length"), start: try r.string("start"), end: try r.optionalString("end"),
            timeSource: try r.string("time_source"), state: try r.string("state"), channel: try r.optionalInt("channel"),
            index: try r.optionalString("index"), indexSlot: try r.int("index_slot"), indexRecord: try r.string("index_record"),
            sha256: try r.optionalString("sha256"),
            containerClusterRuns: try r.optionalObjects("container_cluster_runs")?.map(ProvenanceDocument.ClusterRun.init(reading:)))
    }
}

extension ProvenanceDocument.File {
    var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("card_path", .string(cardPath)),
            ("stored_path", .string(storedPath)),
        ]
        if let storedNameReason { fields.append(("stored_name_reason", .string(storedNameReason))) }
        fields += [
            ("size", .uint(size)),
            ("recorded_size", .uint(recordedSize)),
            ("sha256", .from(sha256)),
            ("deleted", .bool(deleted)),
            ("recovered", .bool(recovered)),
        ]
        if let unrecoverableBytes { fields.append(("unrecoverable_bytes", .uint(unrecoverableBytes))) }
        if let zeroFilledAfter { fields.append(("zero_filled_after", .uint(zeroFilledAfter))) }
        fields.append(("cluster_runs", .optional(clusterRuns) { runs in
            .array(runs.map { run in
                .object([
                    ("first_cluster", .uint(run.firstCluster)),
                    ("cluster_count", .uint(run.clusterCount)),
                    ("volume_offset", .uint(run.volumeOffset)),
                    ("source_offset", .uint(run.sourceOffset)),
                    ("length", .uint(run.length)),
                ])
            })
        }))
        fields.append(("filesystem_times", .object([
            ("created", .from(filesystemTimes.created)),
            ("modified", .from(filesystemTimes.modified)),
            ("accessed", .from(filesystemTimes.accessed)),
        ])))
        fields.append(("attributes", .string(attributes)))
        if let shortName { fields.append(("short_name", .string(shortName))) }
        fields.append(("first_cluster", .uint(firstCluster)))
        fields.append(("directory_entry_offset", .uint(directoryEntryOffset)))
        if !notes.isEmpty { fields.append(("notes", .array(notes.map { .string($0) }))) }
        if !warnings.isEmpty { fields.append(("warnings", .array(warnings.map { .string($0) }))) }
        fields.append(("recording", .object(recording?.fields ?? [])))
        // Added after version 1's first release: present only for damaged files.
        if let complete { fields.append(("complete", .bool(complete))) }
        if let incompleteReason { fields.append(("incomplete_reason", .string(incompleteReason))) }
        if let damage { fields.append(("damage", .array(damage.map { .string($0) }))) }
        return .object(fields)
    }

    init(reading f: ObjectReader) throws {
        let times = try f.object("filesystem_times")
        let recording = try f.object("recording")
        self.init(
            cardPath: try f.string("card_path"), storedPath: try f.string("stored_path"),
            storedNameReason: try f.optionalString("stored_name_reason"), size: try f.uint("size"),
            recordedSize: try f.uint("recorded_size"), sha256: try f.optionalString("sha256"),
            deleted: try f.bool("deleted"), recovered: try f.bool("recovered"),
            unrecoverableBytes: try f.optionalUInt("unrecoverable_bytes"), zeroFilledAfter: try f.optionalUInt("zero_filled_after"),
            clusterRuns: try f.optionalObjects("cluster_runs")?.map { r in
                ProvenanceDocument.ClusterRun(
                    firstCluster: try r.uint("first_cluster"), clusterCount: try r.uint("cluster_count"),
                    volumeOffset: try r.uint("volume_offset"), sourceOffset: try r.uint("source_offset"), length: try r.uint("length"))
            },
            filesystemTimes: ProvenanceDocument.FilesystemTimes(
                created: try times.optionalString("created"), modified: try times.optionalString("modified"),
                accessed: try times.optionalString("accessed")),
            attributes: try f.string("attributes"), shortName: try f.optionalString("short_name"),
            firstCluster: try f.uint("first_cluster"), directoryEntryOffset: try f.uint("directory_entry_offset"),
            notes: try f.optionalStrings("notes") ?? [], warnings: try f.optionalStrings("warnings") ?? [],
            recording: recording.isEmpty ? nil : try RecordingRecord(reading: recording))
        complete = try f.optionalBool("complete")
        incompleteReason = try f.optionalString("incomplete_reason")
        damage = try f.optionalStrings("damage")
    }
}
