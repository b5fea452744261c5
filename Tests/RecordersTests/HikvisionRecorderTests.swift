import Foundation
import Testing
import CardIO
import CardFileSystem
import Recorders
import TestSupport

@Suite struct HikvisionRecorderTests {
    func layout(_ files: [RecorderCardFile]) throws -> RecorderLayout {
        let layouts = RecorderLayouts.recognise(files: files)
        #expect(layouts.count == 1)
        return try #require(layouts.first)
    }

    func iso(_ seconds: UInt32, _ micros: Int = 0) -> String {
        RecorderTime(wallClockSeconds: Int64(seconds), microseconds: micros).iso
    }

    @Test func aCardWithoutAnIndexHasNoLayout() {
        let files = [RecorderCardFile(path: "DCIM/100MEDIA/CLIP0001.MP4", size: 10) { MemoryByteSource([]) }]
        #expect(RecorderLayouts.recognise(files: files).isEmpty)
    }

    @Test func theScenarioYieldsItsRecordingsWithStates() throws {
        let s = HikvisionScenario()
        let l = try layout(s.files())
        let t0 = HikvisionScenario.t0
        #expect(l.kind == .hikvision)
        #expect(l.containerCount == 3)
        #expect(l.indexUsed == "index00.bin")
        let summary = l.recordings.map { "\($0.container)#\($0.slot) \($0.state.rawValue) \($0.offset)+\($0.length) \($0.start.iso)–\($0.end?.iso ?? "nil")" }
        #expect(summary == [
            "hiv00001.mp4#2 old 4194304+1048576 \(iso(t0 - 80_000))–\(iso(t0 - 79_000))",
            "hiv00000.mp4#0 complete 0+1048576 \(iso(t0 - 3600))–\(iso(t0 - 3000))",
            "hiv00000.mp4#1 complete 1048576+1048576 \(iso(t0 - 3000))–\(iso(t0 - 2000))",
            "hiv00000.mp4#2 complete 2097152+1048576 \(iso(t0 - 2000))–\(iso(t0 - 1000, 250_000))",
            "hiv00001.mp4#0 complete 0+524288 \(iso(t0 + 10))–\(iso(t0 + 20, 500_000))",
            // Five packs one second apart: 4 s from the first video PTS to the last.
            "hiv00001.mp4#1 recording 524288+\(5 * (14 + 14 + 1000)) \(iso(t0 + 30))–\(iso(t0 + 34))",
        ])
        #expect(l.recordings.allSatisfy { $0.timeSource == "hikvision_index" && $0.channel == 1 && $0.checkedAgainstBytes })
        #expect(l.overwritten.map { "\($0.container)#\($0.slot): \($0.reason)" } == [
            "hiv00000.mp4#3: its bytes lie where the current pass has written",
            "hiv00001.mp4#3: the bytes at its offset do not carry its clock",
            "hiv00001.mp4#4: the bytes at its offset do not carry its clock",
        ])
        #expect(l.beingRecorded == 1)
        #expect(l.problems.isEmpty, "\(l.problems)")
        #expect(iso(t0 + 20, 500_000) == "2026-11-20T21:30:20.500000")
        #expect(l.recordings.first?.indexRecord.count == 80)
    }

    @Test func theDatadirVariantIsOneLayoutPerFolder() throws {
        let s = HikvisionScenario()
        let layouts = RecorderLayouts.recognise(files: s.files(folder: "datadir0") + s.files(folder: "datadir1"))
        #expect(layouts.map(\.folder) == ["datadir0", "datadir1"])
        #expect(layouts.map { $0.recordings.count } == [6, 6])
        #expect(layouts[1].recordings.first?.container == "datadir1/hiv00001.mp4")
    }

    @Test func aDifferenceBetweenTheCopiesIsReportedNotRepaired() throws {
        let s = HikvisionScenario()
        var other = s.index
        other.put64(0, 41)
        // index01 lags: it does not know container 0's slot 2 yet, so takes it for an old record.
        other.put16(HikvisionIndexBuilder.headerSize + 6, 1)
        let l = try layout(s.files(index01: .some(other.bytes)))
        #expect(l.recordings.count == 6)
        let line = try #require(l.problems.first { $0.contains("differ") })
        #expect(line.contains("index00.bin and index01.bin differ (modification counter 42 and 41; recordings only in the first: 1, only in the second: 1)"))
        #expect(line.contains("nothing is repaired"))
    }

    @Test func aDamagedIndex00IsReplacedByIndex01AndTheOutputSaysSo() throws {
        let s = HikvisionScenario()
        let l = try layout(s.files(index00: Array(s.index.bytes.prefix(100))))
        #expect(l.indexUsed == "index01.bin")
        #expect(l.recordings.count == 6)
        #expect(l.problems.contains { $0.hasPrefix("index00.bin cannot be read: 100 bytes") })
        #expect(l.problems.contains("using index01.bin because index00.bin cannot be read"))
    }

    @Test func aMissingMirrorIsSaid() throws {
        let s = HikvisionScenario()
        let l = try layout(s.files(index01: .some(nil)))
        #expect(l.problems == ["index01.bin (the mirror of index00.bin) is missing"])
    }

    @Test func hostileRecordsAreRefusedWithOneLineEach() throws {
        var s = HikvisionScenario()
        let t0 = HikvisionScenario.t0
        // The header claims four billion containers: work stays bounded by the file.
        s.index.put32(0x0C, 0xFFFF_FFFF)
        // Slot 0 ends before it starts; slot 1 runs past the container; slot 2's offsets are reversed.
        s.index.segment(0, 0, start: (t0, 0), end: (t0 - 10, 0), keyClock: 0, startOffset: 0, endOffset: 10)
        s.index.segment(0, 1, start: (t0, 0), end: (t0 + 10, 0), keyClock: 0, startOffset: 0x10_0000, endOffset: 0xFFFF_FFFF)
        s.index.segment(0, 2, start: (t0, 0), end: (t0 + 10, 0), keyClock: 0, startOffset: 0x30_0000, endOffset: 0x20_0000)
        // Slot 3 of container 0 (stale) is made current with clocks an hour longer than its times.
        s.index.put16(HikvisionIndexBuilder.headerSize + 6, 3)
        s.index.segment(0, 3, start: (t0 + 100, 0), end: (t0 + 110, 0), keyClock: 0, lastClock: 3600 * 45_000,
                        startOffset: 0x40_0000, endOffset: 0x50_0000)
        // Container 1's live record names a slot far past the 256 a container has.
        s.index.live(1, container: 1, slot: 0xFFFF, start: t0, lastUpdate: t0)
        s.index.live(2, container: 900, slot: 1, start: t0, lastUpdate: t0)
        let l = try layout(s.files())
        let p = l.problems
        #expect(p.contains("index00.bin: the index header names 4294967295 containers but the file has room for 3; reading 3"))
        #expect(p.contains { $0.hasPrefix("hiv00000.mp4 slot 0: ends (") && $0.contains("before it starts") })
        #expect(p.contains("hiv00000.mp4 slot 1: ends at byte 4294967295, past the container's 268435456 bytes; not listed"))
        #expect(p.contains("hiv00000.mp4 slot 2: end offset 2097152 is not after start offset 3145728; not listed"))
        #expect(p.contains("hiv00001.mp4: the index gives last slot 65535, past the 256 a container has; reading up to 255"))
        #expect(p.contains("a live record names container 900, which the index does not describe"))
        #expect(p.contains("hiv00000.mp4 slot 3: its times span 10 s but its 45 kHz clocks 3600 s"))
        #expect(l.recordings.filter { $0.container == "hiv00000.mp4" }.map(\.slot) == [3])
    }

    @Test func aHugeIndexIsReadNoFurtherThanACardHolds() throws {
        var header = HikvisionIndexBuilder(containers: 0)
        header.put32(0x0C, 1_000_000)
        let index = SparseSource(size: 0x500 + 5000 * (32 + 256 * 80), name: "index00.bin")
        index.put(Array(header.bytes.prefix(0x500)), at: 0)
        let parsed = try HikvisionIndex(source: index)
        #expect(parsed.containers.count == HikvisionIndex.maxContainers)
        #expect(parsed.problems == ["the index header names 1000000 containers but the file has room for 5000; reading 4096"])
    }

    /// Random and mutated index bytes: never a crash, bounded work, and whatever comes out is a
    /// byte range inside its container whose end is not before its start.
    @Test func fuzzedIndexesGiveBoundedSaneResults() throws {
        let s = HikvisionScenario()
        var rng = SplitMix64(seed: 0x5DC0_5700_11)
        let clean = s.index.bytes
        for round in 0..<300 {
            var bytes: [UInt8]
            if round % 10 == 0 {
                bytes = rng.bytes(Int(rng.next() % UInt64(clean.count + 1)))
            } else {
                bytes = clean
                for _ in 0..<(1 + Int(rng.next() % 64)) {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    // Bias toward the header and the first slots, where the counts and offsets live.
                    let spot = rng.next() % 2 == 0 ? at % 0x700 : at
                    bytes[spot] = UInt8(truncatingIfNeeded: rng.next())
                }
                if rng.next() % 8 == 0 { bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count)))) }
            }
            let layouts = RecorderLayouts.recognise(files: s.files(index00: bytes, index01: .some(bytes)))
            for l in layouts {
                #expect(l.containerCount <= 3, "round \(round)")
                for r in l.recordings {
                    #expect(r.offset + r.length <= HikvisionRecorder.containerSize, "round \(round)")
                    if let end = r.end { #expect(r.start <= end, "round \(round)") }
                    #expect(r.length > 0 || r.state == .recording, "round \(round)")
                }
            }
        }
    }
}
