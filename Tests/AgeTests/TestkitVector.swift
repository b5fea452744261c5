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

    /// The outcomes the kit's README defines for `expect`.
    static let knownOutcomes: Set<String> = ["success", "no match", "HMAC failure", "header failure",
                                             "payload failure", "armor failure"]

    /// Parses one vector. A file this runner does not understand (a header key or value it does
    /// not know, a header line without `key: value`, no blank line before the age file, no
    /// `expect`) throws `TestkitFormatError`: the kit's README says to ignore files with unknown
    /// keys, but ignoring them silently here would let a new kind of vector pass untested, so the
    /// runner fails and the key gets handled (or deliberately listed as not applicable).
    static func load(_ name: String, in folder: URL? = TestkitVector.folder) throws -> TestkitVector {
        guard let folder else { throw TestkitFormatError(name: name, problem: "the age test kit folder is missing") }
        let data = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
        var v = TestkitVector(name: name)
        var sawExpect = false
        var i = 0
        var lineNumber = 0
        func fail(_ problem: String) -> TestkitFormatError {
            TestkitFormatError(name: name, problem: "line \(lineNumber): \(problem)")
        }
        while true {
            lineNumber += 1
            guard let nl = data[i...].firstIndex(of: 0x0A) else {
                throw fail("the header does not end with a blank line before the age file")
            }
            let line = String(decoding: data[i..<nl], as: UTF8.self)
            i = nl + 1
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw fail("not a `key: value` header line: \(line)") }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "expect":
                guard knownOutcomes.contains(value) else { throw fail("unknown expect value \"\(value)\"") }
                v.expect = value
                sawExpect = true
            case "payload": v.payload = value
            case "identity": v.identities.append(value)
            case "passphrase": v.passphrases.append(value)
            case "armored":
                guard value == "yes" || value == "no" else { throw fail("unknown armored value \"\(value)\"") }
                v.armored = value == "yes"
            case "compressed":
                guard value == "zlib" else { throw fail("unknown compression \"\(value)\"") }
                v.compressed = true
            case "file key", "comment": break
            default: throw fail("unknown header key \"\(key)\"")
            }
        }
        guard sawExpect else { throw TestkitFormatError(name: name, problem: "no expect line") }
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
        guard let python = TestEnvironment.python3 else { return nil }
        let r = try runProcess([python, "-c", "import sys,zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))"],
                               stdin: Data(body))
        guard r.status == 0 else { throw InflateError(message: r.stderrText) }
        return [UInt8](r.stdout)
    }
}

struct InflateError: Error { let message: String }

/// A test kit file the runner does not understand.
struct TestkitFormatError: Error, CustomStringConvertible {
    let name: String
    let problem: String
    var description: String { "age test kit vector \(name): \(problem)" }
}
