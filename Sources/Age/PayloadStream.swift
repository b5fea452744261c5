import OpenSSL
import SystemIO
import Messages

/// The payload (age spec "Payload"): a 16-byte nonce, then the plaintext in 64 KiB chunks, each
/// sealed with ChaCha20-Poly1305 under `HKDF-SHA-256(ikm = file key, salt = nonce, info = "payload")`
/// with the 12-byte nonce `counter (11 bytes, big endian) || last-chunk flag`. The final chunk may be
/// shorter than 64 KiB, and is empty only when the whole payload is.
enum PayloadStream {
    static let chunkSize = 64 * 1024
    static let tagSize = 16
    static let encryptedChunkSize = chunkSize + tagSize
    static let nonceSize = 16

    static func payloadKey(fileKey: SecureBytes, nonce: [UInt8]) throws -> ChaChaPoly {
        do {
            let key = try HKDF.sha256(ikm: fileKey, salt: nonce, info: Array("payload".utf8), count: 32)
            return try ChaChaPoly.with(key: key)
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        }
    }

    /// The chunk nonce for `counter`, with the final-chunk flag.
    static func chunkNonce(_ counter: UInt64, last: Bool, into n: inout [UInt8]) {
        for i in 0..<3 { n[i] = 0 }
        for i in 0..<8 { n[3 + i] = UInt8(truncatingIfNeeded: counter >> UInt64(8 * (7 - i))) }
        n[11] = last ? 1 : 0
    }
}

/// Encrypts a plaintext stream into age payload chunks. Holds back one full chunk until it knows
/// whether more plaintext follows, because the last chunk carries the final flag.
final class PayloadEncryptor {
    private let aead: ChaChaPoly
    private let output: OutputSink
    private let plain: UnsafeMutableRawBufferPointer
    private let sealed: UnsafeMutableRawBufferPointer
    private var filled = 0
    private var counter: UInt64 = 0
    private var nonce = [UInt8](repeating: 0, count: 12)

    init(fileKey: SecureBytes, nonce payloadNonce: [UInt8], output: OutputSink) throws {
        aead = try PayloadStream.payloadKey(fileKey: fileKey, nonce: payloadNonce)
        self.output = output
        plain = .allocate(byteCount: PayloadStream.chunkSize, alignment: 16)
        sealed = .allocate(byteCount: PayloadStream.encryptedChunkSize, alignment: 16)
    }

    deinit {
        SecureBytes.cleanse(plain)
        plain.deallocate()
        sealed.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let src = bytes.baseAddress, let dst = plain.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            if filled == PayloadStream.chunkSize {
                // More plaintext is coming, so the buffered chunk is not the last.
                try sealChunk(last: false)
            }
            let n = min(PayloadStream.chunkSize - filled, bytes.count - offset)
            (dst + filled).copyMemory(from: src + offset, byteCount: n)
            filled += n
            offset += n
        }
    }

    /// Seals what is buffered as the final chunk (empty only if nothing was ever written).
    func finish() throws {
        try sealChunk(last: true)
    }

    private func sealChunk(last: Bool) throws {
        PayloadStream.chunkNonce(counter, last: last, into: &nonce)
        let out = UnsafeMutableRawBufferPointer(rebasing: sealed[0..<(filled + PayloadStream.tagSize)])
        do {
            try nonce.withUnsafeBytes { n in
                try aead.seal(nonce: n, plaintext: UnsafeRawBufferPointer(rebasing: plain[0..<filled]), into: out)
            }
        } catch let e as OpenSSLError {
            throw AgeError.crypto(e.description)
        }
        try output.write(UnsafeRawBufferPointer(out))
        filled = 0
        let (next, overflow) = counter.addingReportingOverflow(1)
        guard !overflow else { throw AgeError.io(tr(.acPayloadTooLargeForThe)) }
        counter = next
    }
}

/// Decrypts payload chunks from `input` and releases each chunk's plaintext to `output` only after
/// it authenticated. Ends with an error if the input ends before an authenticated final chunk, or
/// continues after it.
final class PayloadDecryptor {
    private let aead: ChaChaPoly
    private let input: BufferedInput

    init(fileKey: SecureBytes, nonce: [UInt8], input: BufferedInput) throws {
        aead = try PayloadStream.payloadKey(fileKey: fileKey, nonce: nonce)
        self.input = input
    }

    func decrypt(to output: OutputSink) throws {
        let sealed = UnsafeMutableRawBufferPointer.allocate(byteCount: PayloadStream.encryptedChunkSize, alignment: 16)
        let plain = UnsafeMutableRawBufferPointer.allocate(byteCount: PayloadStream.chunkSize, alignment: 16)
        defer {
            SecureBytes.cleanse(plain)
            sealed.deallocate()
            plain.deallocate()
        }
        var nonce = [UInt8](repeating: 0, count: 12)
        var counter: UInt64 = 0

        func open(_ count: Int, last: Bool) throws -> Bool {
            PayloadStream.chunkNonce(counter, last: last, into: &nonce)
            let body = UnsafeRawBufferPointer(rebasing: sealed[0..<count])
            let out = UnsafeMutableRawBufferPointer(rebasing: plain[0..<(count - PayloadStream.tagSize)])
            do {
                try nonce.withUnsafeBytes { try aead.open(nonce: $0, ciphertext: body, into: out) }
                return true
            } catch is ChaChaPoly.AuthenticationFailure {
                return false
            } catch let e as OpenSSLError {
                throw AgeError.crypto(e.description)
            }
        }

        // Mirrors the reference implementation's release order, which the test kit's payload hashes
        // record: a full chunk is tried as non-final first, then as final; a short chunk can only be
        // final. Each chunk's plaintext is released as soon as it authenticates.
        while true {
            let n = try input.fill(sealed)
            let chunkNumber = counter &+ 1
            if n == 0 {
                throw AgeError.payloadFailure(counter == 0 ? tr(.acThePayloadHasNoChunks) : tr(.acTheFileEndsBeforeIts))
            }
            guard n >= PayloadStream.tagSize else {
                throw AgeError.payloadFailure(tr(.acChunkIsTruncated, ["chunkNumber": "\(chunkNumber)"]))
            }
            let released = UnsafeRawBufferPointer(rebasing: plain[0..<(n - PayloadStream.tagSize)])
            if n == PayloadStream.encryptedChunkSize {
                if try open(n, last: false) {
                    try output.write(released)
                } else if try open(n, last: true) {
                    try output.write(released)
                    guard try input.atEOF() else { throw AgeError.payloadFailure(tr(.acDataFollowsTheFinalChunk)) }
                    return
                } else {
                    throw AgeError.payloadFailure(tr(.acChunkDoesNotAuthenticateDamaged, ["chunkNumber": "\(chunkNumber)"]))
                }
            } else {
                // A short chunk is the last one, and may be empty only if it is the only one.
                if n == PayloadStream.tagSize && counter > 0 {
                    throw AgeError.payloadFailure(tr(.acTheFinalChunkIsEmpty))
                }
                guard try open(n, last: true) else {
                    if try open(n, last: false) {
                        throw AgeError.payloadFailure(tr(.acTheFileEndsBeforeIts))
                    }
                    throw AgeError.payloadFailure(tr(.acChunkDoesNotAuthenticateDamaged, ["chunkNumber": "\(chunkNumber)"]))
                }
                try output.write(released)
                return
            }
            let (next, overflow) = counter.addingReportingOverflow(1)
            guard !overflow else { throw AgeError.payloadFailure(tr(.acTooManyChunks)) }
            counter = next
        }
    }
}
