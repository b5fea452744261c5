import Codecs
import SystemIO
import Messages

/// ASCII armor (age spec "ASCII armor"): strict PEM (RFC 7468 §3) with the label
/// `AGE ENCRYPTED FILE`, padded canonical base64 in 64-column lines, the last line shorter or equal.
/// Whitespace is allowed only before the BEGIN line and after the END line; LF or CRLF line ends.
enum Armor {
    static let begin = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let end = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    static let columns = 64
    /// Bound on the whitespace we skip around the block.
    static let maxWhitespace = 64 * 1024

    static func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
}

/// Encodes everything written to it as armor on `output`.
final class ArmoredOutput: OutputSink {
    private let output: OutputSink
    private var pending: [UInt8] = []
    private var lineFill = 0
    private var started = false

    init(_ output: OutputSink) {
        self.output = output
        pending.reserveCapacity(3 * 1024)
    }

    private func start() throws {
        guard !started else { return }
        started = true
        try emit(Armor.begin + [0x0A])
    }

    private func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try output.write($0) } }

    /// Encodes whole 48-byte groups (one full line each) from `pending`.
    private func flushLines(final: Bool) throws {
        var out: [UInt8] = []
        var i = 0
        while pending.count - i >= 48 {
            out += Base64.encode(pending[i..<(i + 48)], padded: true)
            out.append(0x0A)
            i += 48
        }
        if final && i < pending.count {
            out += Base64.encode(pending[i...], padded: true)
            out.append(0x0A)
            i = pending.count
        }
        pending.removeFirst(i)
        if !out.isEmpty { try emit(out) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try start()
        pending.append(contentsOf: bytes)
        if pending.count >= 48 * 64 { try flushLines(final: false) }
    }

    func finish() throws {
        try start()
        try flushLines(final: true)
        try emit(Armor.end + [0x0A])
        try output.finish()
    }
}

/// Decodes armor from `input` as a byte stream, checking strictness as it goes; the END line and the
/// trailing whitespace are checked before end of input is reported.
final class ArmoredInput: InputSource {
    private let input: BufferedInput
    private var decoded: [UInt8] = []
    private var offset = 0
    private var state: State = .beforeBegin
    private var lineBuffer: [UInt8] = []

    private enum State { case beforeBegin, body, lastLineSeen, done }

    init(_ input: BufferedInput) { self.input = input }

    private func skipLeadingWhitespace() throws {
        // Whitespace-only lines before BEGIN are allowed; the BEGIN line must start the line.
        var skipped = 0
        var buffer = [UInt8](repeating: 0, count: 1)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try input.fill($0) }
            guard n == 1 else { throw AgeError.armorFailure("no BEGIN line") }
            if Armor.isWhitespace(buffer[0]) {
                skipped += 1
                guard skipped <= Armor.maxWhitespace else { throw AgeError.armorFailure(tr(.acTooMuchWhitespaceBeforeThe)) }
                continue
            }
            // Put the byte back by reading the rest of the line and prepending it.
            let rest: [UInt8]
            do {
                rest = try input.readLine(maxLength: Armor.begin.count + 2, allowUnterminated: true) ?? []
            } catch {
                throw AgeError.armorFailure(tr(.acTheFirstLineIsNot))
            }
            var first = [buffer[0]] + rest
            if first.last == 0x0D { first.removeLast() }
            guard first == Armor.begin else { throw AgeError.armorFailure(tr(.acTheFirstLineIsNot2)) }
            return
        }
    }

    private func nextLine() throws {
        switch state {
        case .beforeBegin:
            try skipLeadingWhitespace()
            state = .body
        case .body, .lastLineSeen:
            let got: Bool
            do {
                got = try input.readLine(into: &lineBuffer, maxLength: max(Armor.columns, Armor.end.count) + 1, allowUnterminated: true)
            } catch BufferedInput.LineError.tooLong {
                throw AgeError.armorFailure(tr(.acArmorLineLongerThan64))
            }
            guard got else { throw AgeError.armorFailure("no END line") }
            if lineBuffer.last == 0x0D { lineBuffer.removeLast() }
            let l = lineBuffer
            if l == Armor.end {
                try checkTrailing()
                state = .done
                return
            }
            guard state == .body else { throw AgeError.armorFailure(tr(.acAShortLineMustBe)) }
            guard !l.isEmpty else { throw AgeError.armorFailure(tr(.acEmptyLineInsideTheArmor)) }
            guard l.count <= Armor.columns else { throw AgeError.armorFailure(tr(.acArmorLineLongerThan64)) }
            decoded.removeAll(keepingCapacity: true)
            let ok = l.withUnsafeBytes { Base64.decodePadded($0, appendingTo: &decoded) }
            guard ok else { throw AgeError.armorFailure(tr(.acArmorLineIsNotCanonical)) }
            if l.count < Armor.columns || l.last == UInt8(ascii: "=") { state = .lastLineSeen }
            offset = 0
        case .done:
            return
        }
    }

    /// After END (with or without a line end) only whitespace may follow, then end of input.
    private func checkTrailing() throws {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var seen = 0
        while true {
            let n = try buffer.withUnsafeMutableBytes { try input.fill($0) }
            if n == 0 { return }
            guard buffer[0..<n].allSatisfy(Armor.isWhitespace) else { throw AgeError.armorFailure(tr(.acDataAfterTheENDLine)) }
            seen += n
            guard seen <= Armor.maxWhitespace else { throw AgeError.armorFailure(tr(.acTooMuchWhitespaceAfterThe)) }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let dst = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var written = 0
        while written < buffer.count {
            if offset < decoded.count {
                let n = min(decoded.count - offset, buffer.count - written)
                decoded.withUnsafeBytes { src in
                    if let s = src.baseAddress { (dst + written).copyMemory(from: s + offset, byteCount: n) }
                }
                offset += n
                written += n
                continue
            }
            if state == .done { break }
            try nextLine()
        }
        return written
    }
}
