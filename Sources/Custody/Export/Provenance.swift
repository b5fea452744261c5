import Foundation
import BagIt
import Card
import CardFileSystem
import MediaTime
import Codecs
import Records

/// Builds the provenance document of an export (`ProvenanceDocument`, the record type, lives in
/// Records): what the card said of each exported file, and of the export as a whole.
enum Provenance {
    static func file(_ s: Exporter.Selected, content: FileContent, record: PayloadFileRecord,
                     slot: CardSource.VolumeSlot?, offset: ClockOffset?) -> ProvenanceDocument.File {
        let e = s.item.entry
        let partitionStart = slot?.partition?.startByte ?? 0
        let plan = content.plan
        var file = ProvenanceDocument.File(
            cardPath: e.path, storedPath: "data/" + s.storedPath, storedNameReason: s.storedReason,
            size: record.size, recordedSize: e.size, sha256: record.digests[.sha256],
            deleted: e.deleted, recovered: e.deleted || s.chainOf != nil,
            unrecoverableBytes: plan.flatMap { $0.unrecoverableBytes > 0 ? $0.unrecoverableBytes : nil },
            zeroFilledAfter: plan.flatMap { $0.dataLength < $0.size ? $0.dataLength : nil },
            clusterRuns: plan.map { plan in
                plan.runs.map { run in
                    ProvenanceDocument.ClusterRun(
                        firstCluster: UInt64(run.firstCluster), clusterCount: UInt64(run.clusterCount),
                        volumeOffset: run.byteOffset, sourceOffset: partitionStart &+ run.byteOffset, length: run.byteLength)
                }
            },
            filesystemTimes: ProvenanceDocument.FilesystemTimes(
                created: e.created?.isoWithFraction, modified: e.modified?.iso,
                accessed: e.accessed.map { String($0.iso.prefix(10)) }),
            attributes: CardDescriptions.attributeLetters(e.attributes), shortName: e.shortName,
            firstCluster: UInt64(e.firstCluster), directoryEntryOffset: partitionStart &+ e.entryOffset,
            notes: e.notes, warnings: content.warnings,
            recording: Footage.recording(s.item, offset: offset))
        // A damaged file: what the bag holds of it and why not more (size vs recorded_size).
        if let reason = plan?.incompleteReason {
            file.complete = false
            file.incompleteReason = reason
        }
        var damage = e.damage
        for d in plan?.damage ?? [] where !damage.contains(d) { damage.append(d) }
        if !damage.isEmpty { file.damage = damage.map(\.rawValue) }
        return file
    }

    static func export(request: ExportRequest, card: CardSource, slot: CardSource.VolumeSlot?, listing: VolumeListing,
                       files: [ProvenanceDocument.File], sourceSHA256: String?, warnings: [String]) -> ProvenanceDocument {
        let source = ProvenanceDocument.Source(
            path: card.path, kind: card.kind.rawValue, size: card.bytes?.size, sha256: sourceSHA256,
            sha256Note: sourceSHA256 != nil ? "SHA-256 of the whole source, computed during this export"
                : card.kind == .blockDevice ? "not computed for a device: image it with `sdcustody acquire` for a master copy"
                : "not computed for a mounted folder",
            copy: card.kind == .mountedFolder ? "logical (files read through the system's mount; no cluster runs, no deleted files)"
                : "physical (read from raw bytes, never mounted)",
            device: card.device.map { d in
                ProvenanceDocument.Device(vendor: d.vendor, model: d.model, serial: d.serial, readOnlyFlag: d.readOnlyFlag,
                                          cid: d.cid, csd: d.csd)
            },
            acquisition: card.acquisitionRecord.map(CardDescriptions.acquisitionJSON))
        var volume = ProvenanceDocument.Volume()
        if let slot {
            volume.partition = Int64(slot.index)
            if let p = slot.partition {
                volume.partitionStart = p.startByte
                volume.partitionLength = p.length
                volume.partitionType = p.typeDescription
            }
            volume.filesystem = slot.volume.map { CardDescriptions.volumeJSON($0.description) }
        }
        volume.partitionTable = card.partitions?.scheme.rawValue
        return ProvenanceDocument(
            tool: CustodyTool.agent, exportedAt: UTCTime.format(seconds: Int64(time(nil))), commandLine: request.commandLine,
            operatorName: request.operatorName, caseID: request.caseID, exhibit: request.exhibit,
            organization: request.organization, cameraID: request.cameraID, location: request.location,
            source: source, volume: volume,
            selection: ProvenanceDocument.Selection(
                from: request.windowText.from, to: request.windowText.to, date: request.windowText.date,
                windowTrueTime: request.window.map { ($0.from?.iso, $0.to?.iso) },
                clockOffset: request.offset?.description,
                clockOffsetMeaning: "camera clock minus true time; corrected = camera − offset",
                include: request.includes, deleted: request.deleted,
                clockCheck: request.clockCheck.map { check in
                    ProvenanceDocument.ClockCheckRecord(
                        cameraID: check.cameraID, cameraTime: check.cameraTime.iso, referenceTime: check.referenceTime.iso,
                        reference: check.reference, offset: check.offset?.description ?? "?", loggedAt: check.loggedAt,
                        entryHash: check.entryHash, used: check.offset != nil && check.offset == request.offset)
                }),
            listingComplete: listing.problems.isEmpty, listingProblems: listing.problems, warnings: warnings,
            files: files)
    }
}
