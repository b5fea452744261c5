import Foundation
import OpenSSL
import TestSupport
@testable import BagIt

/// Writes a small bag with a nested tree, a Japanese name, a space, a provenance tag file.
@discardableResult
func writeSampleBag(at path: String, algorithms: [DigestAlgorithm] = [.sha512]) throws -> BagWriteResult {
    let writer = try BagWriter(destination: path, algorithms: algorithms, softwareAgent: "sdcustody-test 0.1")
    try writer.addInfo("Source-Organization", "Example Shopping Street Association")
    try writer.addInfo("External-Identifier", "case-2024-001/exhibit-3")
    try writer.addFile(relativePath: "card/DCIM/100MEDIA/CLIP0001.MP4", contents: Array(repeating: 0x42, count: 3000),
                       modificationTime: Date(timeIntervalSince1970: 1_700_000_000))
    try writer.addFile(relativePath: "card/映像/録画 1.avi", contents: Array("camera".utf8))
    try writer.addFile(relativePath: "card/empty.bin", contents: [])
    let big = try writer.beginFile(relativePath: "card/DCIM/100MEDIA/BIG.MP4")
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    for i in 0..<3 {
        for j in chunk.indices { chunk[j] = UInt8(truncatingIfNeeded: i &+ j) }
        try big.write(chunk)
    }
    try big.finish()
    try writer.addTagFile(relativePath: "provenance.json", contents: Array(#"{"files":[]}"#.utf8))
    return try writer.finish()
}

func problemsDescription(_ report: BagReport) -> String {
    report.problems.map(\.description).joined(separator: "; ")
}
