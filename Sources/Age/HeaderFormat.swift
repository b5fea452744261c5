import Messages
import Codecs

/// The textual age header (age spec "Header" and its ABNF):
///
///     header = v1-line 1*stanza end
///     v1-line = "age-encryption.org/v1" LF
///     stanza = arg-line *full-line final-line
///     arg-line = "-> " argument *(SP argument) LF
///     full-line = 64base64char LF ; final-line = *63base64char LF
///     end = "--- " 43base64char LF
///
/// Parsing is strict: no CR, no padding, canonical base64 only, every stanza ends with a short line.
public struct AgeHeader: Equatable {
    public var stanzas: [Stanza]
    /// The 32-byte header MAC from the `---` line.
    public var mac: [UInt8]
    /// The header bytes the MAC covers: everything up to and including `---` (no space).
    var macInput: [UInt8]

    public init(stanzas: [Stanza], mac: [UInt8] = []) {
        self.stanzas = stanzas
        self.mac = mac
        self.macInput = AgeHeader.marshalWithoutMAC(stanzas)
    }

    /// The header up to and including `---`, as the MAC covers it.
    static func marshalWithoutMAC(_ stanzas: [Stanza]) -> [UInt8] {
        var out = Array(HeaderFormat.versionLine.utf8)
        out.append(0x0A)
        for s in stanzas { out += s.marshal() }
        out += Array("---".utf8)
        return out
    }

    /// The full header with its MAC line.
    func marshal() -> [UInt8] {
        macInput + Array(" ".utf8) + Base64.encode(mac, padded: false) + [0x0A]
    }
}

enum HeaderFormat {
    static let versionLine = "age-encryption.org/v1"
    static let versionPrefix = "age-encryption.org/"
    static let columns = 64
    /// Bounds so a hostile header cannot make us buffer without limit. age's own headers are a few
    /// hundred bytes; post-quantum stanzas about 2 KiB each.
    static let maxLineLength = 16 * 1024
    static let maxHeaderBytes = 1 << 20
    static let maxStanzas = 4096

    /// Reads and checks the header from `input`, leaving it positioned at the payload.
    static func parse(_ input: BufferedInput) throws -> AgeHeader {
        var raw: [UInt8] = []
        func line() throws -> [UInt8] {
            let l: [UInt8]?
            do {
                l = try input.readLine(maxLength: maxLineLength)
            } catch BufferedInput.LineError.tooLong {
                throw AgeError.headerFailure(tr(.acHeaderLineTooLong))
            } catch BufferedInput.LineError.unterminated {
                throw AgeError.headerFailure(tr(.acHeaderEndsInTheMiddle))
            }
            guard let l else { throw AgeError.headerFailure(tr(.acHeaderEndsBeforeItsMAC)) }
            raw += l
            raw.append(0x0A)
            guard raw.count <= maxHeaderBytes else { throw AgeError.headerFailure(tr(.acHeaderLargerThan1MiB)) }
            return l
        }

        let first: [UInt8]
        do {
            guard let l = try input.readLine(maxLength: maxLineLength) else { throw AgeError.headerFailure(tr(.ageWhyEmptyInput)) }
            first = l
        } catch BufferedInput.LineError.tooLong {
            throw AgeError.headerFailure(tr(.ageWhyNotAgeFile))
        } catch BufferedInput.LineError.unterminated {
            throw AgeError.headerFailure(tr(.ageWhyNotAgeFile))
        }
        raw += first
        raw.append(0x0A)
        if first != Array(versionLine.utf8) {
            if first.starts(with: Array(versionPrefix.utf8)) {
                throw AgeError.headerFailure(tr(.ageWhyUnsupportedVersion))
            }
            throw AgeError.headerFailure(tr(.ageWhyNoVersionLine))
        }

        var stanzas: [Stanza] = []
        var next = try line()
        while true {
            if next.starts(with: Array("---".utf8)) {
                // MAC input ends at "---"; drop what followed it on this line, and its LF.
                let macInput = Array(raw.dropLast(next.count + 1)) + Array("---".utf8)
                guard next.count == 4 + 43, next[3] == UInt8(ascii: " "),
                      let mac = Base64.decodeUnpadded(next[4...]), mac.count == 32 else {
                    throw AgeError.headerFailure("malformed MAC line")
                }
                guard !stanzas.isEmpty else { throw AgeError.headerFailure(tr(.acNoRecipientStanzas)) }
                var header = AgeHeader(stanzas: stanzas, mac: mac)
                header.macInput = macInput
                return header
            }
            guard next.starts(with: Array("-> ".utf8)) else {
                throw AgeError.headerFailure(tr(.acExpectedAStanzaOrThe))
            }
            guard stanzas.count < maxStanzas else { throw AgeError.headerFailure(tr(.acTooManyStanzas)) }
            let argumentText = next.dropFirst(3)
            let arguments = argumentText.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard !argumentText.isEmpty, arguments.allSatisfy(Stanza.isValidArgument) else {
                throw AgeError.headerFailure(tr(.acStanzaHasAnEmptyOr))
            }
            var encoded: [UInt8] = []
            while true {
                let bodyLine = try line()
                guard bodyLine.count <= columns else { throw AgeError.headerFailure(tr(.acStanzaBodyLineLongerThan)) }
                guard bodyLine.allSatisfy(Base64.isAlphabet) else {
                    throw AgeError.headerFailure(tr(.acStanzaBodyIsNotUnpadded))
                }
                encoded += bodyLine
                guard encoded.count <= maxHeaderBytes else { throw AgeError.headerFailure(tr(.acStanzaBodyTooLarge)) }
                if bodyLine.count < columns { break }
            }
            guard let body = Base64.decodeUnpadded(encoded) else {
                throw AgeError.headerFailure(tr(.acStanzaBodyIsNotCanonical))
            }
            stanzas.append(Stanza(arguments: arguments, body: body))
            next = try line()
        }
    }
}
