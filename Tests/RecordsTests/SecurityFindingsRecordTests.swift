import Foundation
import Codecs
import Records
import Testing
import TestSupport

/// `security_findings` in the provenance (issue 16): absent in documents written before it, kept
/// as written when present, refused when it is not an array of objects.
@Suite struct SecurityFindingsRecordTests {
    static func golden() throws -> [UInt8] {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/RecordsTests/Golden/provenance-fat32.json")
        return [UInt8](try Data(contentsOf: url))
    }

    @Test func findingsRoundTripAndOldDocumentsHaveNone() throws {
        var document = try ProvenanceDocument.read(Self.golden())
        #expect(document.securityFindings == nil)
        #expect(document.bytes() == (try Self.golden()))
        document.securityFindings = .array([.object([("path", .string("Config/config.ini")), ("kind", .string("default_password")),
                                                     ("details", .object([("length", .int(8))]))])])
        let again = try ProvenanceDocument.read(document.bytes())
        #expect(again == document)
        #expect(String(decoding: document.bytes(), as: UTF8.self).contains("\"security_findings\""))
    }

    @Test func aMistypedFindingsFieldIsRefused() throws {
        var text = String(decoding: try Self.golden(), as: UTF8.self)
        let close = try #require(text.lastIndex(of: "}"))
        text.replaceSubrange(close...close, with: ", \"security_findings\": \"none\"}")
        #expect(throws: (any Error).self) { try ProvenanceDocument.read(Array(text.utf8)) }
    }
}
