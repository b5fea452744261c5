import Testing
@testable import OpenSSL

/// FIPS 180-2 / RFC 1321 known answers.
@Suite struct DigestTests {
    @Test(arguments: [
        (DigestAlgorithm.sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (.sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.md5, "abc", "900150983cd24fb0d6963f7d28e17f72"),
        (.sha512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ])
    func knownAnswers(algorithm: DigestAlgorithm, input: String, expected: String) throws {
        #expect(try Digest.hash(algorithm, Array(input.utf8)).hex == expected)
    }

    @Test func streamingEqualsOneShot() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let d = try Digest(.sha256)
        for chunk in stride(from: 0, to: bytes.count, by: 7919) {
            try bytes[chunk..<min(chunk + 7919, bytes.count)].withUnsafeBytes { try d.update($0) }
        }
        #expect(try d.finish() == Digest.hash(.sha256, bytes))
    }
}
