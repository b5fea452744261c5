import Foundation
import Records
import Testing
import TestSupport

/// Issue 12's additions to the records are optional and additive: documents without them read
/// and write back as before (the golden tests), and documents with them round-trip.
@Suite struct DamageRecordTests {
    @Test func provenanceOfAPartlyExportedFileRoundTrips() throws {
        var doc = try ProvenanceDocument.read(try GoldenDocumentTests.golden("provenance-fat32.json"))
        try #require(!doc.files.isEmpty)
        #expect(doc.files.allSatisfy { $0.complete == nil && $0.incompleteReason == nil && $0.damage == nil })
        doc.files[0].complete = false
        doc.files[0].incompleteReason = "cluster chain ends after 1 clusters; the size of 5000 bytes needs 10"
        doc.files[0].damage = ["chain_short"]
        let bytes = doc.bytes()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"complete\": false"))
        #expect(text.contains("\"incomplete_reason\""))
        let back = try ProvenanceDocument.read(bytes)
        #expect(back == doc)
        #expect(back.bytes() == bytes)
    }

    @Test func bagInfoIncompleteFilesRoundTrip() throws {
        var info = ExportBagInfo(sourceOrganization: "Assoc", contactName: "Officer", externalIdentifier: "case C, exhibit E",
                                 externalDescription: "d", caseID: "C", exhibit: "E", clockOffset: "not given",
                                 incomplete: "2 files could not be read completely, see sdcustody-provenance.json")
        info.incompleteFiles = ["A.BIN: 512 of 5000 bytes (chain)", "B.BIN: 512 of 5000 bytes (loop)"]
        #expect(info.elements.suffix(2).map(\.label) == ["SDCustody-Incomplete-File", "SDCustody-Incomplete-File"])
        let back = try ExportBagInfo.read(info.elements)
        #expect(back == info)
        #expect(back.incompleteFiles == info.incompleteFiles)
    }

    @Test func acquisitionRecordWithReadErrorsRoundTripsAndOldRecordsHaveNone() throws {
        let golden = try AcquisitionRecord.read(Data(try GoldenDocumentTests.golden("acquisition.json")))
        #expect(golden.readErrors == nil)
        var record = golden
        record.readErrors = .init(recoveredByRetry: 20_480, ranges: [
            .init(firstSector: 8192, sectorCount: 8192, byteOffset: 4 << 20, byteCount: 4 << 20),
        ])
        let bytes = try record.encoded()
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"recovered_by_retry\" : 20480"))
        let back = try AcquisitionRecord.read(bytes)
        #expect(back.readErrors?.recoveredByRetry == 20_480)
        #expect(back.readErrors?.ranges.first?.byteOffset == 4 << 20)
        #expect(try back.encoded() == bytes)
    }
}
