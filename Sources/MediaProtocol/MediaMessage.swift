import Codecs

/// The request/response protocol between `sdcustody` and its media helper (`sdcustody-media`)
/// over a socket pair (the helper's stdin and stdout): each message is one kind byte, a 4-byte
/// little-endian payload length and the payload. The helper owns no file: it asks the parent for
/// every byte it reads (`read`) and hands back every byte it produces (`write`, `frame`), so a
/// compromised decoder can only ever see the clip it was given and write where the parent puts
/// its bytes.
public struct MediaMessage: Equatable, Sendable {
    public enum Kind: UInt8, Sendable {
        /// parent → helper: the job, as JSON (`MediaJob`).
        case job = 0x4A            // J
        /// helper → parent: read request: offset (8 bytes LE), length (4 bytes LE).
        case read = 0x52           // R
        /// parent → helper: the bytes asked for (fewer at the end of the clip).
        case data = 0x44           // D
        /// parent → helper: the read could not be served (text); the helper gives up on the clip.
        case readFailed = 0x51     // Q
        /// helper → parent: output bytes: offset (8 bytes LE), then the bytes.
        case write = 0x57          // W
        /// helper → parent: what the output will be (JSON, e.g. `{"container":"mp4"}`), sent
        /// once before the first `write`, so the parent can name the file it writes them into.
        case output = 0x4F         // O
        /// helper → parent: one picture: JSON length (4 bytes LE), JSON, JPEG bytes.
        case frame = 0x46          // F
        /// helper → parent: the job is done; JSON summary.
        case done = 0x58           // X
        /// helper → parent: the job failed; one line of text (FFmpeg's message where it has one).
        case failed = 0x45         // E
    }

    public var kind: Kind
    public var payload: [UInt8]

    public init(_ kind: Kind, _ payload: [UInt8]) {
        self.kind = kind
        self.payload = payload
    }

    /// A message never carries more than this (a JPEG of 8192×8192 fits; a hostile helper cannot
    /// make the parent allocate more).
    public static let maxPayload = 64 << 20
    /// Reads and writes move at most this much per message.
    public static let maxChunk = 4 << 20

    public var header: [UInt8] {
        var h: [UInt8] = [kind.rawValue]
        MediaMessage.appendLE(UInt32(payload.count), to: &h)
        return h
    }

    public static func appendLE<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }

    public static func readLE<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int) -> T? {
        let n = MemoryLayout<T>.size
        guard offset >= 0, offset <= bytes.count - n else { return nil }
        var v: T = 0
        for i in (0..<n).reversed() { v = (v << 8) | T(bytes[offset + i]) }
        return v
    }

    // Typed payloads.

    public static func readRequest(offset: UInt64, length: UInt32) -> MediaMessage {
        var p: [UInt8] = []
        appendLE(offset, to: &p)
        appendLE(length, to: &p)
        return MediaMessage(.read, p)
    }

    public var readRequest: (offset: UInt64, length: UInt32)? {
        guard kind == .read, payload.count == 12,
              let o = MediaMessage.readLE(UInt64.self, payload, at: 0), let l = MediaMessage.readLE(UInt32.self, payload, at: 8) else { return nil }
        return (o, l)
    }

    public static func write(offset: UInt64, bytes: UnsafeRawBufferPointer) -> MediaMessage {
        var p: [UInt8] = []
        p.reserveCapacity(8 + bytes.count)
        appendLE(offset, to: &p)
        p.append(contentsOf: bytes)
        return MediaMessage(.write, p)
    }

    public var writeOffset: UInt64? { kind == .write ? MediaMessage.readLE(UInt64.self, payload, at: 0) : nil }

    public static func frame(_ info: JSONValue, jpeg: [UInt8]) -> MediaMessage {
        let json = info.bytes(pretty: false)
        var p: [UInt8] = []
        appendLE(UInt32(json.count), to: &p)
        p += json
        p += jpeg
        return MediaMessage(.frame, p)
    }

    /// A picture's description and its JPEG bytes; nil when the payload is malformed.
    public var frame: (info: JSONValue, jpeg: ArraySlice<UInt8>)? {
        guard kind == .frame, let n = MediaMessage.readLE(UInt32.self, payload, at: 0), Int(n) <= payload.count - 4,
              let info = try? JSONParser.parse(Array(payload[4..<(4 + Int(n))]), allowFractions: true) else { return nil }
        return (info, payload[(4 + Int(n))...])
    }

    public static func json(_ kind: Kind, _ value: JSONValue) -> MediaMessage { MediaMessage(kind, value.bytes(pretty: false)) }

    public var json: JSONValue? { try? JSONParser.parse(payload, allowFractions: true) }

    public var text: String { String(decoding: payload.prefix(4096), as: UTF8.self) }
}
