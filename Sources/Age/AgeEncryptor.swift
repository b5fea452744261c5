import Messages
import OpenSSL
import SystemIO

/// Encrypts a byte stream into an age v1 file (binary or armored) on an `OutputSink`, in 64 KiB
/// chunks with constant memory. Call `write` any number of times, then `finish` once. It is itself an
/// `OutputSink`, so a producer (a tar writer) can stream straight into it.
public final class AgeEncryptor: OutputSink {
    private let payload: PayloadEncryptor
    private let sink: OutputSink
    private var finished = false

    public init(recipients: [AgeRecipient], armor: Bool = false, output: OutputSink) throws {
        guard !recipients.isEmpty else { throw AgeError.invalidKey(tr(.ageWhyNoRecipients)) }
        let fileKey = try FileKey.generate()
        var stanzas: [Stanza] = []
        for r in recipients { stanzas += try r.wrap(fileKey: fileKey) }
        if stanzas.count > 1 && stanzas.contains(where: { $0.type == ScryptRecipient.stanzaType }) {
            throw AgeError.invalidKey(tr(.ageWhyPassphraseAlone))
        }
        var header = AgeHeader(stanzas: stanzas)
        header.mac = try HeaderMAC.compute(fileKey: fileKey, macInput: header.macInput)
        let sink: OutputSink = armor ? ArmoredOutput(output) : output
        self.sink = sink
        let nonce: [UInt8]
        do { nonce = try SecureRandom.bytes(PayloadStream.nonceSize) } catch let e as OpenSSLError { throw AgeError.crypto(e.description) }
        try (header.marshal() + nonce).withUnsafeBytes { try sink.write($0) }
        payload = try PayloadEncryptor(fileKey: fileKey, nonce: nonce, output: sink)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw AgeError.io("write after finish") }
        try payload.write(bytes)
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Seals the final chunk and finishes the output (which publishes a file sink).
    public func finish() throws {
        guard !finished else { return }
        finished = true
        try payload.finish()
        try sink.finish()
    }

    /// Encrypts everything `input` yields.
    public func encrypt(from input: InputSource, bufferSize: Int = 1 << 20) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer {
            SecureBytes.cleanse(buffer)
            buffer.deallocate()
        }
        while true {
            let n = try input.read(into: buffer)
            if n == 0 { break }
            try write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        try finish()
    }
}
