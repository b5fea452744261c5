import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import ExFAT

/// Issue 12 item 6: the short allocation bitmap case (ShortBitmapTests) as a FuzzExFAT corpus
/// input too. The committed file must be what the patch makes; `SDCUSTODY_RECORD_CORPUS=1`
/// writes it again.
@Suite struct DamageCorpusTests {
    @Test func corpusHoldsTheShortBitmapCase() throws {
        let bytes = try ShortBitmapTests.shortBitmap(try Fixtures.seedSmall())
        let url = Fixtures.corpus.appendingPathComponent("damage-short-bitmap.img")
        if ProcessInfo.processInfo.environment["SDCUSTODY_RECORD_CORPUS"] == "1" {
            try Data(bytes).write(to: url)
        }
        #expect(try Data(contentsOf: url) == Data(bytes), "damage-short-bitmap.img is not what the patch makes")
        #expect(try Fixtures.open(bytes).description.warnings.contains { $0.hasPrefix("allocation bitmap:") })
    }
}
