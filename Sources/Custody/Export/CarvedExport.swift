import Foundation
import BagIt
import Card
import CardFileSystem
import CardIO
import Carving
import Messages
import Records

/// `export --carve`: each find from the unallocated clusters becomes a derived payload file under
/// `data/carved/`, read from the volume once and hashed as it is written (BagWriter), with a
/// `carved` record in the provenance and a bag-info line.
enum CarvedExport {
    struct Written {
        var records: [ProvenanceDocument.CarvedRecord] = []
        var bagInfo: [String] = []
        var bytes: UInt64 = 0
        var warnings: [String] = []
    }

    static func write(slot: CardSource.VolumeSlot?, request: ExportRequest, writer: BagWriter, shouldStop: () -> Bool) throws -> Written {
        let scan = try CarvedFootage.scan(slot: slot)
        var out = Written()
        out.warnings = scan.result.problems.map { "carving: \($0)" }
        guard let volume = slot?.volume else { return out }
        let chunk = 4 << 20
        let chosen = CarvedFootage.selected(scan, window: request.window, offset: request.offset)
        if request.window != nil && chosen.count < scan.result.finds.count {
            out.warnings.append(tr(.ccCarvingOfFindsCarryA, ["v": "\(scan.result.finds.count - chosen.count)", "count": "\(scan.result.finds.count)"]))
        }
        for find in chosen {
            let stored = CarvedFootage.storedName(find, scan: scan)
            let file = try writer.beginFile(relativePath: stored, modificationTime: find.start.flatMap { Exporter.date($0) })
            var at = find.volumeOffset
            let end = find.volumeEnd
            do {
                while at < end {
                    if shouldStop() { throw CustodyError.input(tr(.exportInterrupted)) }
                    let n = Int(min(UInt64(chunk), end - at))
                    try file.write(try volume.source.read(at: at, count: n))
                    at += UInt64(n)
                }
            } catch let e as CustodyError {
                throw e
            } catch {
                throw CustodyError.input(tr(.ccCarvedBytes, ["find": "\(scan.imageOffset(find))", "v": "\(scan.imageOffset(find) &+ find.length)", "error": "\(error)"]))
            }
            let record = try file.finish()
            out.bytes &+= record.size
            out.records.append(ProvenanceDocument.CarvedRecord(
                storedPath: "data/" + stored, type: find.kind.rawValue, sourceOffset: scan.imageOffset(find),
                volumeOffset: find.volumeOffset, length: record.size, sha256: record.digests[.sha256],
                clusterRuns: find.clusterRuns.map { run in
                    ProvenanceDocument.ClusterRun(firstCluster: UInt64(run.firstCluster), clusterCount: UInt64(run.clusterCount),
                                                  volumeOffset: run.byteOffset, sourceOffset: scan.partitionStart &+ run.byteOffset,
                                                  length: run.byteLength)
                },
                start: find.start?.iso, end: find.end?.iso, timeSource: find.timeSource, complete: find.complete,
                notes: find.notes))
            out.bagInfo.append("data/\(stored): \(find.kind.rawValue), image bytes \(scan.imageOffset(find))–\(scan.imageOffset(find) &+ find.length)"
                + (find.complete ? "" : " (cut short: overwritten)") + ", carved from unallocated clusters")
        }
        return out
    }
}
