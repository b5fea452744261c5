import Foundation
import TestSupport

/// One file of the age test kit (c2sp.org/CCTV/age): `key: value` lines, a blank line, the age file.
struct TestkitVector: CustomStringConvertible {
    let name: String
    var expect = ""
    var payload: String?
    var identities: [String] = []
    var passphrases: [String] = []
    var armored = false
    var compressed = false
    var body: [UInt8] = []

    var description: String { name }

    static let folder: URL? = TestEnvironment.sharedTestData?.appendingPathComponent("age-testkit")

    /// Every vector file name, or none when the shared test data is absent.
    static var allNames: [String] {
        guard let folder else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
    }

    /// nil when the file uses a key we do not know (the kit says to ignore such files).
    static func load(_ name: String) throws -> TestkitVector? {
        guard let folder else { return nil }
        let data = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
        var v = TestkitVector(name: name)
        var i = 0
        while true {
            guard let nl = data[i...].firstIndex(of: 0x0A) else { return nil }
            let line = String(decoding: data[i..<nl], as: UTF8.self)
            i = nl + 1
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "expect": v.expect = value
            case "payload": v.payload = value
            case "identity": v.identities.append(value)
            case "passphrase": v.passphrases.append(value)
            case "armored": v.armored = value == "yes"
            case "compressed":
                guard value == "zlib" else { return nil }
                v.compressed = true
            case "file key", "comment": break
            default: return nil
            }
        }
        v.body = Array(data[i...])
        return v
    }

    /// Uses ML-KEM, which OpenSSL 3.0 lacks.
    var isPostQuantum: Bool {
        name.hasPrefix("hybrid") || name.contains("hybrid") || identities.contains { $0.hasPrefix("AGE-SECRET-KEY-PQ-") }
    }

    /// The age file, inflated with python3's zlib for `compressed: zlib` vectors (Foundation on Linux
    /// has no zlib API, and the project links no compression library).
    func ageFile() throws -> [UInt8]? {
        guard compressed else { return body }
        let system = "/usr/bin/python3"
        guard let python = FileManager.default.isExecutableFile(atPath: system) ? system : TestEnvironment.which("python3") else { return nil }
        let r = try runProcess([python, "-c", "import sys,zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))"],
                               stdin: Data(body))
        guard r.status == 0 else { throw InflateError(message: r.stderrText) }
        return [UInt8](r.stdout)
    }
}

struct InflateError: Error { let message: String }
