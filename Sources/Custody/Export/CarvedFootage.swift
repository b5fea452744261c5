import Card
import CardFileSystem
import Carving
import Codecs
import Messages
import MediaTime

/// `ls --carve` and `export --carve`: the footage in a card's unallocated clusters (issue 12
/// item 4), found by `Carving.Carver` on the chosen volume, with offsets in the whole source.
public enum CarvedFootage {
    /// A scan of one volume, and where that volume starts in the source.
    public struct Scan {
        public var result: CarvingResult
        /// Offset of the volume in the source (the partition's start; 0 for a card formatted whole).
        public var partitionStart: UInt64

        public func imageOffset(_ find: CarvedFind) -> UInt64 { partitionStart &+ find.volumeOffset }
    }

    /// Scans the slot's volume. A mounted folder (no slot, no raw bytes) cannot be carved.
    public static func scan(slot: CardSource.VolumeSlot?, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> Scan {
        guard let slot, let volume = slot.volume as? ClusterHeapVolume else {
            throw CustodyError.input(tr(.carveNeedsRawVolume))
        }
        let carver = Carver(volume: volume)
        carver.progress = progress
        return Scan(result: carver.scan(), partitionStart: slot.partition?.startByte ?? 0)
    }

    /// The finds an incident window selects: those whose own time (corrected by `offset`)
    /// overlaps it, and those that carry no time at all (a program stream): nothing says they lie
    /// outside it. Without a window, every find.
    public static func selected(_ scan: Scan, window: TimeWindow?, offset: ClockOffset?) -> [CarvedFind] {
        guard let window else { return scan.result.finds }
        return scan.result.finds.filter { find in
            let time = RecordingTime(start: find.start, end: find.end, isStill: find.kind == .jpeg)
            guard let span = RecordingSpan(path: "carved", folder: "carved", recording: time, offset: offset ?? .zero) else { return true }
            return RecordingSelection.overlaps(span, window)
        }
    }

    /// One find as `ls --json` shows it in `carved`: `offset` and `length` in bytes of the source
    /// (as `recordings` give them), `start` and `end` the recording times its bytes carry.
    public static func json(_ find: CarvedFind, scan: Scan) -> JSONValue {
        .object([
            ("type", .string(find.kind.rawValue)),
            ("offset", .uint(scan.imageOffset(find))),
            ("length", .uint(find.length)),
            ("volume_offset", .uint(find.volumeOffset)),
            ("start", .from(find.start?.iso)),
            ("end", .from(find.end?.iso)),
            ("time_source", .from(find.timeSource)),
            ("complete", .bool(find.complete)),
            ("clusters", .array(find.clusterRuns.map { run in
                .object([("first_cluster", .uint(UInt64(run.firstCluster))), ("cluster_count", .uint(UInt64(run.clusterCount)))])
            })),
            ("name", .string(storedName(find, scan: scan))),
            ("notes", .array(find.notes.map { .string($0) })),
        ])
    }

    /// The path under `data/` a find is exported to.
    public static func storedName(_ find: CarvedFind, scan: Scan) -> String {
        "carved/" + find.storedName(imageOffset: scan.imageOffset(find))
    }
}
