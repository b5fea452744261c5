import Foundation
import Testing
import CardIO
import Recorders
import TestSupport

/// The real `index00.bin` in shared/testdata/hikvision (MIT, see LICENSE.index00 there), read
/// without its containers: every current-pass record is listed from the index alone.
@Suite struct RealIndexTests {
    static func index() throws -> [UInt8] {
        let dir = try TestEnvironment.requireSharedTestData("hikvision")
        try TestEnvironment.require(tools: "python3")
        let python = try #require(TestEnvironment.python3)
        let r = try runProcess([python, "-c", "import lzma,sys; sys.stdout.buffer.write(lzma.open(sys.argv[1]).read())",
                                dir.appendingPathComponent("index00.bin.xz").path])
        #expect(r.status == 0, "\(r.stderrText)")
        return [UInt8](r.stdout)
    }

    @Test(.requiresSharedTestData("hikvision"))
    func theRealIndexGivesItsCounts() throws {
        let bytes = try Self.index()
        #expect(bytes.count == 16 << 20)
        let parsed = try HikvisionIndex(source: MemoryByteSource(bytes))
        #expect(parsed.version == 2)
        #expect(parsed.containers.count == 55)
        #expect(parsed.containerBeingWritten == 42)
        #expect(parsed.liveRecords == [HikvisionIndex.LiveRecord(container: 42, slot: 65, start: 1_748_190_748, lastUpdate: 1_748_213_876)])

        let files = [RecorderCardFile(path: "index00.bin", size: UInt64(bytes.count)) { MemoryByteSource(bytes, name: "index00.bin") }]
        let l = try #require(RecorderLayouts.recognise(files: files).first)
        #expect(l.containerCount == 55)
        let complete = l.recordings.filter { $0.state == .complete }
        #expect(complete.count == 2131)
        #expect(l.beingRecorded == 1)
        #expect(l.overwrittenRecords == 3361)
        #expect(l.recordings.first?.start.iso.hasPrefix("2025-04-26T00:24:22") == true)
        let live = try #require(l.recordings.last)
        #expect(live.state == .recording)
        #expect(live.container == "hiv00042.mp4" && live.slot == 65 && live.offset == 0xB3A_0000 && live.end == nil)
        #expect(live.start.iso == "2025-05-25T22:58:23")
        // Container 42 is read to its live slot, not to the slot its stale container record names.
        #expect(l.recordings.filter { $0.containerNumber == 42 }.count == 66)
        // Without the containers nothing is checked against bytes, and the output says why.
        #expect(l.recordings.allSatisfy { !$0.checkedAgainstBytes })
        #expect(l.problems.contains("hiv00042.mp4 is in the index but not on the card"))
        // Every record's 45 kHz clocks span what its times span.
        #expect(!l.problems.contains { $0.contains("45 kHz clocks") })
    }
}
