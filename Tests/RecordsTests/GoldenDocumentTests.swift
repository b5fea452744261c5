import Foundation
import Records
import Testing
import TestSupport

/// Documents written by sdcustody before the typed records existed (an export of the bundled
/// FAT32 and exFAT samples with a window, an offset, --deleted and extra manifests; a seal; an
/// acquire): each is read into its record and written again, and must come back byte for byte, so
/// bags, sidecars and records written earlier still verify and are never rewritten differently.
@Suite struct GoldenDocumentTests {
    static func golden(_ name: String) throws -> [UInt8] {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/RecordsTests/Golden/" + name)
        return Array(try Data(contentsOf: url))
    }

    @Test(arguments: ["provenance-fat32.json", "provenance-exfat.json"])
    func provenanceReadsAndWritesBackByteForByte(name: String) throws {
        let bytes = try Self.golden(name)
        let doc = try ProvenanceDocument.read(bytes)
        #expect(doc.bytes() == bytes)
        #expect(!doc.files.isEmpty)
        #expect(doc.files.allSatisfy { $0.storedPath.hasPrefix("data/") && $0.sha256?.count == 64 })
        #expect(try ProvenanceDocument.read(doc.bytes()) == doc)
    }

    @Test func provenanceKeepsWhatTheExportRecorded() throws {
        let doc = try ProvenanceDocument.read(try Self.golden("provenance-fat32.json"))
        #expect(doc.caseID == "K-1")
        #expect(doc.exhibit == "E-1")
        #expect(doc.cameraID == "CAM-7")
        #expect(doc.selection.clockOffset == "+00:02:13")
        #expect(doc.selection.windowTrueTime?.from == "2026-11-20T21:28:00")
        #expect(doc.source.sha256?.count == 64)
        let clip = try #require(doc.files.first { $0.cardPath == "EVENT/2026_1120_213200_001F.MP4" })
        #expect(clip.recording?.timeSource == "mp4_mvhd")
        #expect(clip.recording?.duration == 2.0)
        #expect(clip.recording?.channel == "F")
        #expect(clip.recording?.correction?.clockOffset == "+00:02:13")
        #expect(clip.clusterRuns?.first?.length == clip.size)
    }

    @Test func sidecarReadsAndWritesBackByteForByte() throws {
        let bytes = try Self.golden("sealed-archive.age.json")
        let sidecar = try SealedArchiveSidecar.parse(bytes)
        #expect(sidecar.bytes() == bytes)
        #expect(sidecar.externalIdentifier == "case K-1, exhibit E-1")
    }

    @Test func acquisitionRecordReadsBack() throws {
        let bytes = try Self.golden("acquisition.json")
        let record = try AcquisitionRecord.read(Data(bytes))
        #expect(record.format == AcquisitionRecord.currentFormat)
        #expect(record.complete && record.verified)
        // The record is written by Foundation's encoder with sorted keys: the same bytes again.
        #expect(Array(try record.encoded()) + [0x0A] == bytes)
    }

    @Test(arguments: ["bag-info-fat32.txt", "bag-info-exfat.txt"])
    func exportBagInfoReadsAndWritesBack(name: String) throws {
        let text = String(decoding: try Self.golden(name), as: UTF8.self)
        let elements: [(label: String, value: String)] = text.split(separator: "\n").compactMap { line in
            guard let colon = line.range(of: ": ") else { return nil }
            return (String(line[..<colon.lowerBound]), String(line[colon.upperBound...]))
        }
        let info = try ExportBagInfo.read(elements)
        // The writer's three come first; the export's labels follow in the order it writes them.
        let own = elements.filter { !["Bagging-Date", "Payload-Oxum", "Bag-Software-Agent"].contains($0.label) }
        #expect(info.elements.map(\.label) == own.map(\.label))
        #expect(info.elements.map(\.value) == own.map(\.value))
    }
}
