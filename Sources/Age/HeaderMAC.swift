import OpenSSL

/// The header MAC (age spec "Header MAC"): HMAC-SHA-256 under
/// `HKDF-SHA-256(ikm = file key, salt = empty, info = "header")` over the header through `---`.
enum HeaderMAC {
    static func compute(fileKey: SecureBytes, macInput: [UInt8]) throws -> [UInt8] {
        do {
            let key = try HKDF.sha256(ikm: fileKey, salt: [], info: Array("header".utf8), count: 32)
            return try key.withUnsafeBytes { try HMAC.sha256(key: $0, message: macInput) }
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        }
    }

    static func verify(fileKey: SecureBytes, header: AgeHeader) throws {
        let expected = try compute(fileKey: fileKey, macInput: header.macInput)
        let ok = expected.withUnsafeBytes { e in header.mac.withUnsafeBytes { SecureBytes.constantTimeEquals(e, $0) } }
        guard ok else { throw AgeError.hmacFailure }
    }
}
