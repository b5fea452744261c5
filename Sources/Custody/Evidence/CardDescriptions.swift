import Records
import Acquisition
import Card
import CardFileSystem
import MediaTime

/// JSON descriptions of what a card holds, shared by `info`, `ls --json` and the provenance
/// file, so that the same fact is written the same way wherever it appears.
public enum CardDescriptions {
    public static func serial(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 8 - hex.count)) + hex
        return String(padded.prefix(4)) + "-" + String(padded.suffix(4))
    }

    public static func volumeJSON(_ d: VolumeDescription) -> JSONValue {
        .object([
            ("filesystem", .string(d.kind.rawValue)),
            ("label", .from(d.label)),
            ("serial", .string(serial(d.serialNumber))),
            ("volume_size", .uint(d.volumeSize)),
            ("bytes_per_sector", .uint(UInt64(d.bytesPerSector))),
            ("cluster_size", .uint(UInt64(d.clusterSize))),
            ("cluster_count", .uint(UInt64(d.clusterCount))),
            ("free_clusters", d.freeClusters.map { .uint(UInt64($0)) } ?? .null),
            ("details", .object(d.details.map { ($0.key, .string($0.value)) })),
            ("warnings", .array(d.warnings.map { .string($0) })),
        ])
    }

    public static func describe(_ s: CardSource) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("source", .object([
                ("path", .string(s.path)),
                ("kind", .string(s.kind.rawValue)),
                ("size", s.bytes.map { .uint($0.size) } ?? .null),
            ])),
        ]
        if let d = s.device {
            fields.append(("device", .object([
                ("kernel_name", .string(d.kernelName)),
                ("read_only_flag", d.readOnlyFlag.map { .bool($0) } ?? .null),
                ("mounted", .array(d.mounts.map { .object([("device", .string($0.device)), ("mount_point", .string($0.mountPoint)), ("read_write", .bool($0.readWrite))]) })),
                ("vendor", .from(d.vendor)), ("model", .from(d.model)), ("serial", .from(d.serial)),
                ("cid", .from(d.cid)), ("csd", .from(d.csd)),
            ])))
        }
        if let r = s.acquisitionRecord {
            fields.append(("acquisition", acquisitionJSON(r)))
        }
        if let scan = s.partitions {
            fields.append(("partition_table", .string(scan.scheme.rawValue)))
            fields.append(("disk_identifier", .from(scan.diskIdentifier)))
        }
        fields.append(("volumes", .array(s.slots.map { slot in
            var v: [(String, JSONValue)] = [("partition", .int(Int64(slot.index)))]
            if let p = slot.partition {
                v.append(("start", .uint(p.startByte)))
                v.append(("length", .uint(p.length)))
                v.append(("type", .string(p.typeDescription)))
                v.append(("name", .from(p.name)))
            }
            if let vol = slot.volume { v.append(("filesystem", volumeJSON(vol.description))) }
            if let e = slot.error { v.append(("error", .string(String(describing: e)))) }
            return .object(v)
        })))
        fields.append(("warnings", .array(s.warnings.map { .string($0) })))
        return .object(fields)
    }

    /// The parts of an acquisition record that identify the evidence.
    public static func acquisitionJSON(_ r: AcquisitionRecord) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("record", .string(r.images.first.map { AcquisitionRecord.recordPath(forImage: $0) } ?? "")),
            ("sha256", .from(r.hashes["sha256"])),
            ("verified", .bool(r.verified)),
            ("complete", .bool(r.complete)),
            ("unreadable_bytes", .uint(r.unreadableBytes)),
            ("device", .string(r.source.path)),
            ("model", .from(r.source.model)),
            ("serial", .from(r.source.serial)),
        ]
        if let cid = r.source.cid {
            fields.append(("cid", .object([
                ("raw", .string(cid.raw)), ("manufacturer_id", .int(Int64(cid.manufacturerID))),
                ("manufacturer", .from(cid.manufacturer)), ("oem_id", .string(cid.oemID)),
                ("product_name", .string(cid.productName)), ("product_revision", .string(cid.productRevision)),
                ("serial_number", .uint(UInt64(cid.serialNumber))), ("manufacture_date", .string(cid.manufactureDate)),
            ])))
        }
        fields.append(("acquired", .string(r.finished)))
        fields.append(("operator", .from(r.operatorName)))
        fields.append(("case", .from(r.caseID)))
        fields.append(("exhibit", .from(r.exhibit)))
        return .object(fields)
    }


    public static func entryFields(_ e: CardEntry) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("path", .string(e.path)),
            ("type", .string(e.isDirectory ? "directory" : "file")),
            ("size", .uint(e.size)),
            ("modified", .from(e.modified?.iso)),
            ("created", .from(e.created?.isoWithFraction)),
            ("accessed", .from(e.accessed.map { String($0.iso.prefix(10)) })),
            ("deleted", .bool(e.deleted)),
            ("attributes", .string(attributeLetters(e.attributes))),
        ]
        if let short = e.shortName { fields.append(("short_name", .string(short))) }
        if let vdl = e.validDataLength, vdl != e.size { fields.append(("valid_data_length", .uint(vdl))) }
        fields.append(("first_cluster", .uint(UInt64(e.firstCluster))))
        if !e.notes.isEmpty { fields.append(("notes", .array(e.notes.map { .string($0) }))) }
        // PRODUCT.md: every file carries its damage list, empty when undamaged.
        if !e.isDirectory { fields.append(("damage", .array(e.damage.map { .string($0.rawValue) }))) }
        return fields
    }

    public static func windowJSON(_ window: TimeWindow) -> JSONValue {
        .object([("from", .from(window.from?.iso)), ("to", .from(window.to?.iso))])
    }

    public static func coverageJSON(_ coverage: (groups: [MomentGroup], gaps: [CoverageGap])) -> [(String, JSONValue)] {
        [
            ("moments", .array(coverage.groups.filter { $0.members.count > 1 }.map { g in
                .object([("start", .string(g.start.isoMillis)), ("channels", .array(g.channels.map { .string($0) })),
                         ("files", .array(g.members.map { .string($0.path) }))])
            })),
            ("gaps", .array(coverage.gaps.map { gap in
                .object([("from", .string(gap.from.isoMillis)), ("to", .string(gap.to.isoMillis)),
                         ("seconds", .double((gap.seconds * 1000).rounded() / 1000))])
            })),
        ]
    }

    /// R read-only, H hidden, S system, D directory, A archive; `-` where unset.
    public static func attributeLetters(_ a: UInt16) -> String {
        let flags: [(UInt16, Character)] = [(0x01, "R"), (0x02, "H"), (0x04, "S"), (0x10, "D"), (0x20, "A")]
        return String(flags.map { a & $0.0 != 0 ? $0.1 : "-" })
    }
}
