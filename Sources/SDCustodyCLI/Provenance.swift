import Foundation
import Acquisition
import BagIt
import Card
import CardFileSystem
import MediaTime
import Codecs

/// The provenance tag file of an export (`sdcustody-provenance.json`, format
/// `sdcustody-provenance/1`): for every exported file where it was on the card and how we know
/// when it was recorded; for the whole export what was read, by whom, how and when.
enum Provenance {
    static let format = "sdcustody-provenance/1"

    static func file(_ s: Exporter.Selected, content: FileContent, record: PayloadFileRecord,
                     slot: CardSource.VolumeSlot?, offset: ClockOffset?) -> JSONValue {
        let e = s.item.entry
        let partitionStart = slot?.partition?.startByte ?? 0
        var fields: [(String, JSONValue)] = [
            ("card_path", .string(e.path)),
            ("stored_path", .string("data/" + s.storedPath)),
        ]
        if let reason = s.storedReason { fields.append(("stored_name_reason", .string(reason))) }
        fields += [
            ("size", .uint(record.size)),
            ("recorded_size", .uint(e.size)),
            ("sha256", .from(record.digests[.sha256])),
            ("deleted", .bool(e.deleted)),
            ("recovered", .bool(e.deleted)),
        ]
        if let plan = content.plan {
            if plan.unrecoverableBytes > 0 { fields.append(("unrecoverable_bytes", .uint(plan.unrecoverableBytes))) }
            if plan.dataLength < plan.size { fields.append(("zero_filled_after", .uint(plan.dataLength))) }
            fields.append(("cluster_runs", .array(plan.runs.map { run in
                .object([
                    ("first_cluster", .uint(UInt64(run.firstCluster))),
                    ("cluster_count", .uint(UInt64(run.clusterCount))),
                    ("volume_offset", .uint(run.byteOffset)),
                    ("source_offset", .uint(partitionStart &+ run.byteOffset)),
                    ("length", .uint(run.byteLength)),
                ])
            })))
        } else {
            fields.append(("cluster_runs", .null))
        }
        fields.append(("filesystem_times", .object([
            ("created", .from(e.created?.isoWithFraction)),
            ("modified", .from(e.modified?.iso)),
            ("accessed", .from(e.accessed.map { String($0.iso.prefix(10)) })),
        ])))
        fields.append(("attributes", .string(LsCommand.attributeLetters(e.attributes))))
        if let short = e.shortName { fields.append(("short_name", .string(short))) }
        fields.append(("first_cluster", .uint(UInt64(e.firstCluster))))
        fields.append(("directory_entry_offset", .uint(partitionStart &+ e.entryOffset)))
        if !e.notes.isEmpty { fields.append(("notes", .array(e.notes.map { .string($0) }))) }
        if !content.warnings.isEmpty { fields.append(("warnings", .array(content.warnings.map { .string($0) }))) }
        fields.append(("recording", .object(Footage.recordingFields(s.item, offset: offset))))
        return .object(fields)
    }

    static func export(request: ExportRequest, card: CardSource, slot: CardSource.VolumeSlot?, listing: VolumeListing,
                       files: [JSONValue], sourceSHA256: String?, warnings: [String]) -> JSONValue {
        var source: [(String, JSONValue)] = [
            ("path", .string(card.path)),
            ("kind", .string(card.kind.rawValue)),
            ("size", card.bytes.map { .uint($0.size) } ?? .null),
            ("sha256", .from(sourceSHA256)),
            ("sha256_note", .string(sourceSHA256 != nil ? "SHA-256 of the whole source, computed during this export"
                                    : card.kind == .blockDevice ? "not computed for a device: image it with `sdcustody acquire` for a master copy"
                                    : "not computed for a mounted folder")),
            ("copy", .string(card.kind == .mountedFolder ? "logical (files read through the system's mount; no cluster runs, no deleted files)" : "physical (read from raw bytes, never mounted)")),
        ]
        if let d = card.device {
            source.append(("device", .object([
                ("vendor", .from(d.vendor)), ("model", .from(d.model)), ("serial", .from(d.serial)),
                ("read_only_flag", d.readOnlyFlag.map { .bool($0) } ?? .null), ("cid", .from(d.cid)), ("csd", .from(d.csd)),
            ])))
        }
        if let r = card.acquisitionRecord { source.append(("acquisition", InfoCommand.acquisitionJSON(r))) }
        var volume: [(String, JSONValue)] = []
        if let slot {
            volume.append(("partition", .int(Int64(slot.index))))
            if let p = slot.partition {
                volume.append(("partition_start", .uint(p.startByte)))
                volume.append(("partition_length", .uint(p.length)))
                volume.append(("partition_type", .string(p.typeDescription)))
            }
            if let v = slot.volume { volume.append(("filesystem", InfoCommand.volumeJSON(v.description))) }
        }
        if let scan = card.partitions { volume.append(("partition_table", .string(scan.scheme.rawValue))) }
        let now = Date()
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        return .object([
            ("format", .string(format)),
            ("tool", .string("sdcustody \(SDCustody.version)")),
            ("exported_at", .string(iso.string(from: now))),
            ("command_line", .array(request.commandLine.map { .string($0) })),
            ("operator", .string(request.operatorName)),
            ("case", .string(request.caseID)),
            ("exhibit", .string(request.exhibit)),
            ("organization", .from(request.organization)),
            ("camera_id", .from(request.cameraID)),
            ("location", .from(request.location)),
            ("source", .object(source)),
            ("volume", .object(volume)),
            ("selection", .object([
                ("from", .from(request.windowText.from)), ("to", .from(request.windowText.to)), ("date", .from(request.windowText.date)),
                ("window_true_time", request.window.map { LsCommand.windowJSON($0) } ?? .null),
                ("clock_offset", .from(request.offset?.description)),
                ("clock_offset_meaning", .string("camera clock minus true time; corrected = camera − offset")),
                ("include", .array(request.includes.map { .string($0) })),
                ("deleted", .bool(request.deleted)),
            ])),
            ("listing_complete", .bool(listing.problems.isEmpty)),
            ("listing_problems", .array(listing.problems.map { .string($0) })),
            ("warnings", .array(warnings.map { .string($0) })),
            ("files", .array(files)),
        ])
    }
}
