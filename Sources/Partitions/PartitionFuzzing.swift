import CardIO

/// Entry points for the libFuzzer targets `Fuzz/FuzzMBR` and `Fuzz/FuzzGPT`, and for the corpus
/// replay and property tests. Each takes arbitrary bytes as a card image and drives every parser
/// on them; any trap, hang or unbounded allocation is a bug. Errors are expected and ignored.
package enum PartitionFuzzing {
    /// The whole scan (boot sector, MBR, EBR chain), plus the MBR path forced even when sector 0
    /// looks like a boot sector, and the filesystem detector.
    package static func exerciseMBR(_ data: [UInt8]) {
        let source = MemoryByteSource(data, name: "fuzz input")
        if let scan = try? PartitionScan.scan(source) { touch(scan, source) }
        if let sector0 = try? source.read(at: 0, count: MasterBootRecord.sectorSize),
           let mbr = try? MasterBootRecord(sector: sector0) {
            touch(PartitionScan.mbr(source, mbr), source)
        }
        _ = try? FileSystemSignature.detect(source)
    }

    /// The GPT reader at both block sizes, with checksums verified (as in use) and ignored (so the
    /// fuzzer reaches the header and entry checks behind the CRCs), plus the whole scan.
    package static func exerciseGPT(_ data: [UInt8]) {
        let source = MemoryByteSource(data, name: "fuzz input")
        for sectorSize in [512, 4096] {
            for verify in [true, false] {
                if let scan = try? PartitionScan.gpt(source, sectorSize: sectorSize, verifyChecksums: verify) {
                    touch(scan, source)
                }
            }
        }
        if let scan = try? PartitionScan.scan(source, verifyChecksums: false) { touch(scan, source) }
        if let scan = try? PartitionScan.scan(source) { touch(scan, source) }
    }

    /// Uses what a caller would use: descriptions, windows onto each partition, detection in them.
    static func touch(_ scan: PartitionScan, _ source: ByteSource) {
        var text = scan.warnings.joined() + (scan.diskIdentifier ?? "")
        for p in scan.partitions {
            text += p.typeDescription + (p.name ?? "")
            if let slice = try? p.slice(of: source) { _ = try? FileSystemSignature.detect(slice) }
        }
        _ = text.count
    }
}
