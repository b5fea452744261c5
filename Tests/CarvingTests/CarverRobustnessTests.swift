import Foundation
import Testing
import TestSupport
import CardIO
import CardFileSystem
@testable import Carving
import Recorders

typealias MemoryHeapVolume = MemoryClusterHeap

/// Hostile and edge-case bytes: the carver never traps, never reports a find outside a free run,
/// and cuts a find short where its clusters are in use again.
@Suite struct CarverRobustnessTests {
    /// DHAV frames as FFmpeg's demuxer reads them.
    static func dhav(frames: Int, rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        for n in 0..<frames {
            let payload = (0..<(100 + Int(rng.next() % 400))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let length = UInt32(24 + payload.count + 8)
            let date: UInt32 = (26 << 26) | (11 << 22) | (20 << 17) | (21 << 12) | (50 << 6) | UInt32(n % 60)
            var head: [UInt8] = Array("DHAV".utf8) + [0xFC, 0, 1, 0]
            head += withUnsafeBytes(of: UInt32(n).littleEndian, Array.init)
            head += withUnsafeBytes(of: length.littleEndian, Array.init)
            head += withUnsafeBytes(of: date.littleEndian, Array.init)
            head += [0, 0, 0, 0]
            out += head + payload + Array("dhav".utf8) + withUnsafeBytes(of: length.littleEndian, Array.init)
        }
        return out
    }

    @Test func randomBytesWithPlantedSignaturesNeverTrap() {
        var rng = SplitMix64(seed: 12)
        let signatures: [[UInt8]] = [[0xFF, 0xD8, 0xFF, 0xE0], [0, 0, 1, 0xBA, 0x44, 0, 4, 0, 4, 1], Array("DHAV".utf8),
                                     [0, 0, 0, 24] + Array("ftypisom".utf8), [0xFF, 0xD9], [0xFF, 0xDA, 0, 2]]
        for round in 0..<60 {
            let clusterSize: UInt32 = [512, 1024, 4096][round % 3]
            let clusters = 8 + Int(rng.next() % 40)
            var bytes = (0..<(clusters * Int(clusterSize))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            for _ in 0..<(rng.next() % 30) {
                let s = signatures[Int(rng.next() % UInt64(signatures.count))]
                let at = Int(rng.next() % UInt64(bytes.count - s.count))
                bytes.replaceSubrange(at..<(at + s.count), with: s)
            }
            var allocated = Set<UInt32>()
            for _ in 0..<(rng.next() % 10) { allocated.insert(2 + UInt32(rng.next() % UInt64(clusters))) }
            let volume = MemoryHeapVolume(bytes, clusterSize: clusterSize, allocated: allocated)
            let carver = Carver(volume: volume, chunkSize: 64 << 10)
            let result = carver.scan()
            for f in result.finds {
                #expect(f.length > 0 && f.volumeEnd <= UInt64(bytes.count))
                let first = f.volumeOffset / UInt64(clusterSize) + 2, last = (f.volumeEnd - 1) / UInt64(clusterSize) + 2
                for c in first...last { #expect(!allocated.contains(UInt32(c)), "find \(f) covers allocated cluster \(c)") }
            }
        }
    }

    @Test func framesFoundMidClusterAndAcrossReadChunks() {
        var rng = SplitMix64(seed: 7)
        let frames = Self.dhav(frames: 300, rng: &rng)
        // The stream starts 700 bytes into a cluster (its head overwritten) and spans many 64 KiB reads.
        var bytes = [UInt8](repeating: 0, count: 700) + frames
        bytes += [UInt8](repeating: 0, count: (4096 - bytes.count % 4096) + 4096)
        let volume = MemoryHeapVolume(bytes, clusterSize: 4096)
        let result = Carver(volume: volume, chunkSize: 64 << 10).scan()
        #expect(result.finds.count == 1)
        let f = try? #require(result.finds.first)
        #expect(f?.kind == .dhav && f?.volumeOffset == 700 && f?.length == UInt64(frames.count))
        #expect(f?.start?.iso == "2026-11-20T21:50:00")
        #expect(f?.clusterRuns.first?.firstCluster == 2)
    }

    @Test func aFindRunningIntoAllocatedClustersIsCutShort() {
        var rng = SplitMix64(seed: 9)
        // A JPEG whose entropy data runs on past cluster 3 into cluster 4, which is allocated.
        var jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0] + [UInt8](repeating: 1, count: 9)
        jpeg += [0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0]
        jpeg += (0..<3000).map { _ in UInt8(truncatingIfNeeded: rng.next() % 0xFF) }
        jpeg += [0xFF, 0xD9]
        var bytes = jpeg + [UInt8](repeating: 0, count: 8192 - jpeg.count % 8192)
        bytes += [UInt8](repeating: 0, count: 8192)
        let whole = Carver(volume: MemoryHeapVolume(bytes, clusterSize: 1024)).scan()
        #expect(whole.finds.first.map { $0.length == UInt64(jpeg.count) && $0.complete } == true, "\(whole.finds)")
        let cut = Carver(volume: MemoryHeapVolume(bytes, clusterSize: 1024, allocated: [4])).scan()
        let f = try? #require(cut.finds.first)
        #expect(f?.kind == .jpeg && f?.complete == false && f?.length == 2048)
    }

    /// Bytes that are nothing but candidates (a DHAV header every 24 bytes, valid-looking lengths,
    /// no trailer; pack headers with valid marker bits every 14 bytes whose clock runs backwards)
    /// cost one small read each, not a window each: the scan ends (the suite's time limit).
    @Test func denseFakeHeadersEndTheScan() {
        var dhav: [UInt8] = []
        while dhav.count < 512 << 10 {
            dhav += Array("DHAV".utf8) + [0xFC, 0, 1, 0, 0, 0, 0, 0, 0x40, 0, 0, 0] + [UInt8](repeating: 0, count: 8)
        }
        #expect(Carver(volume: MemoryClusterHeap(dhav, clusterSize: 4096)).scan().finds.isEmpty)
        var packs: [UInt8] = []
        var scr: UInt64 = 8_000_000_000
        while packs.count < 512 << 10 {
            // SCR base in the MPEG-2 pack header layout (ISO/IEC 13818-1 Table 2-33), falling each pack.
            scr -= 90_000
            let b4 = UInt8(0x44 | (scr >> 27 & 0x38) | (scr >> 28 & 0x03))
            let b5 = UInt8(truncatingIfNeeded: scr >> 20)
            let b6 = UInt8(truncatingIfNeeded: (scr >> 12 & 0xF8) | 0x04 | (scr >> 13 & 0x03))
            let b7 = UInt8(truncatingIfNeeded: scr >> 5)
            let b8 = UInt8(truncatingIfNeeded: (scr << 3 & 0xF8) | 0x04)
            packs += [0, 0, 1, 0xBA, b4, b5, b6, b7, b8, 0x01, 0x89, 0xC3, 0xF8, 0xF8]
        }
        #expect(ProgramStream.packSCR(packs[0..<14]) != nil, "the fake packs pass the marker-bit check")
        #expect(Carver(volume: MemoryClusterHeap(packs, clusterSize: 4096)).scan().finds.isEmpty)
    }

    @Test func anUnreadableAllocationStateIsAProblemNotACrash() {
        final class Broken: ClusterHeapVolume {
            let source: ByteSource = MemoryByteSource([UInt8](repeating: 0, count: 4096))
            let clusterHeap = ClusterHeapLayout(heapOffset: 0, clusterSize: 512, clusterCount: 8)
            var description: VolumeDescription {
                VolumeDescription(kind: .exfat, label: nil, serialNumber: 0, bytesPerSector: 512, clusterSize: 512,
                                  clusterCount: 8, freeClusters: nil, volumeSize: 4096)
            }
            func listing(includeDeleted: Bool) throws -> VolumeListing { VolumeListing() }
            func contentPlan(for entry: CardEntry) throws -> ContentPlan { ContentPlan(runs: [], size: 0, dataLength: 0) }
            func isAllocated(cluster: UInt32) throws -> Bool {
                throw FileSystemError.corrupt(structure: "allocation bitmap", reason: "too short")
            }
            func freeClusterRuns() throws -> [FreeClusterRun] { try freeClusterRunsByQuery() }
        }
        let result = Carver(volume: Broken()).scan()
        #expect(result.finds.isEmpty)
        #expect(result.problems.first?.contains("not scanned") == true)
    }
}
