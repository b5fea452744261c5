import Testing
import Records
import Codecs

/// The optional `recordings` member of `sdcustody-provenance/1` (issue 11): written only when
/// present, read back as written.
@Suite struct ProvenanceRecordingsTests {
    @Test func recordingsRoundTripAndAreAbsentOtherwise() throws {
        let golden = try GoldenDocumentTests.golden("provenance-fat32.json")
        var doc = try ProvenanceDocument.read(golden)
        #expect(doc.recordings == nil)
        #expect(doc.bytes() == golden)
        #expect(!String(decoding: doc.bytes(), as: UTF8.self).contains("\"recordings\""))
        doc.recordings = [
            ProvenanceDocument.RecordingRange(
                container: "hiv00000.mp4", storedPath: "data/recordings/2026-11-20_213025_hiv00000_slot001.mpg",
                offset: 1_048_576, length: 1_048_576, start: "2026-11-20T21:30:25", end: "2026-11-20T21:30:50.500000",
                timeSource: "hikvision_index", state: "complete", channel: 1, index: "index00.bin", indexSlot: 1,
                indexRecord: String(repeating: "0d", count: 80), sha256: String(repeating: "ab", count: 32),
                containerClusterRuns: [ProvenanceDocument.ClusterRun(firstCluster: 3, clusterCount: 2, volumeOffset: 4096,
                                                                     sourceOffset: 4096, length: 8192)]),
            ProvenanceDocument.RecordingRange(
                container: "hiv00000.mp4", storedPath: nil, offset: 0, length: 1, start: "2026-11-20T21:30:50",
                end: nil, timeSource: "hikvision_index", state: "recording", channel: 1, index: nil, indexSlot: 2,
                indexRecord: "", sha256: nil, containerClusterRuns: nil),
        ]
        let bytes = doc.bytes()
        let back = try ProvenanceDocument.read(bytes)
        #expect(back == doc)
        #expect(back.bytes() == bytes)
    }

    @Test func bagInfoRecordingFlagsRoundTripAndAreAbsentOtherwise() throws {
        var info = ExportBagInfo(sourceOrganization: "o", contactName: "c", externalIdentifier: "e", externalDescription: "d",
                                 caseID: "C", exhibit: "E", clockOffset: "not given")
        #expect(!info.elements.contains { $0.label == ExportBagInfo.Label.recordingFlag })
        info.recordingFlags = ["recordings/a.mpg: state recording", "recordings/b.mpg: state old"]
        let back = try ExportBagInfo.read(info.elements)
        #expect(back.recordingFlags == info.recordingFlags)
        #expect(back == info)
    }
}
