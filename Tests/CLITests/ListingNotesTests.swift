import Foundation
import Testing
import TestSupport

/// What the FAT reader notes of an entry reaches the person reading `ls`, not only `ls --json`:
/// a long name shown although its checksum fails (as fls shows it), an entry read on past a
/// zeroed slot. In both languages, below the table.
@Suite(.requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
struct ListingNotesTests {
    static func corpus(_ name: String) -> String {
        TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/FuzzFAT/" + name).path
    }

    @Test func notesAreListedBelowTheTable() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let lfn = try cli.run(["ls", Self.corpus("damage-lfn-checksum.img")], environment: ["LANG": "C.UTF-8"])
        #expect(lfn.status == 0, "\(lfn.stderrText)")
        #expect(lfn.stdoutText.contains("A note on 1 entry:"), "\(lfn.stdoutText)")
        #expect(lfn.stdoutText.contains("A proper long name.mp4: long name's checksum"), "\(lfn.stdoutText)")

        let gap = try cli.run(["ls", Self.corpus("damage-zero-slot.img")], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(gap.status == 0, "\(gap.stderrText)")
        #expect(gap.stdoutText.contains("1 件の項目についての注意:"), "\(gap.stdoutText)")
        #expect(gap.stdoutText.contains("AFTERGAP.TXT: フォルダーの終わりの印のあとで見つかりました"), "\(gap.stdoutText)")

        // A clean card has no notes section.
        let clean = try cli.run(["ls", Self.corpus("fat12-small.img")], environment: ["LANG": "C.UTF-8"])
        #expect(!clean.stdoutText.contains("note"), "\(clean.stdoutText)")
    }
}
