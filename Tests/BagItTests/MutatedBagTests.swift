import Foundation
import Testing
import TestSupport
@testable import BagIt

/// Random damage to a bag's tag files: the validator parses whatever it finds without trapping
/// or hanging, and a change to any file a tag manifest covers is never reported valid.
@Suite(.timeLimit(.minutes(1))) struct MutatedBagTests {
    @Test func mutatedTagFilesNeverValidateSilently() throws {
        let tmp = try TemporaryDirectory("bagit-mutated")
        defer { tmp.remove() }
        let bag = tmp.path("bag")
        try writeSampleBag(at: bag)
        let covered = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt", "provenance.json"]
        let everything = covered + ["tagmanifest-sha256.txt", "tagmanifest-sha512.txt"]
        var originals: [String: Data] = [:]
        for name in everything { originals[name] = try Data(contentsOf: URL(fileURLWithPath: bag + "/" + name)) }
        var g = SplitMix64(seed: 2024)
        for round in 0..<150 {
            guard let name = everything.randomElement(using: &g), var bytes = originals[name].map(Array.init) else { continue }
            switch Int.random(in: 0..<4, using: &g) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
            case 1:
                bytes.insert([0x0a, 0x0d, 0x25, 0x20, 0x3a, 0x00, 0xff, 0x2f].randomElement(using: &g) ?? 0,
                             at: Int.random(in: 0...bytes.count, using: &g))
            case 2 where !bytes.isEmpty:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &g)))
            default:
                bytes = (0..<Int.random(in: 0..<300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            }
            let changed = bytes != Array(originals[name] ?? Data())
            try Data(bytes).write(to: URL(fileURLWithPath: bag + "/" + name))
            let report = BagValidator().validate(bag)
            if changed && covered.contains(name) {
                #expect(report.verdict != .valid, "round \(round): a changed \(name) validated")
            }
            try originals[name]?.write(to: URL(fileURLWithPath: bag + "/" + name))
        }
        #expect(BagValidator().validate(bag).verdict == .valid)
    }
}
