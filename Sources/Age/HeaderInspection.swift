import SystemIO

/// Reading an age file's header without any key (age spec "Header"): enough to say that a stored
/// archive is an age v1 file, how many recipients it names and of which types, without decrypting
/// anything. The header MAC cannot be checked without the file key, so this proves only that the
/// header is well formed.
public enum AgeHeaderInspection {
    /// What a header says about itself.
    public struct Summary: Equatable, Sendable {
        /// The stanza types in header order (`X25519`, `scrypt`, or others this tool ignores).
        public var stanzaTypes: [String]
        /// The scrypt work factor (log2 N), when the file is passphrase-encrypted.
        public var scryptWorkFactor: Int?
        /// Whether the file was ASCII-armored.
        public var armored: Bool
    }

    /// Parses the header at the start of `input` (binary or armored), strictly.
    public static func inspect(_ input: InputSource, armor: ArmorMode = .auto) throws -> Summary {
        let raw = BufferedInput(input, capacity: 64 * 1024)
        var source = raw
        var armored = armor == .armored
        if armor == .auto {
            let head = try raw.peek(4096)
            armored = head.drop(while: Armor.isWhitespace).starts(with: Array("-----BEGIN".utf8))
        }
        if armored { source = BufferedInput(ArmoredInput(raw), capacity: 64 * 1024) }
        let header = try HeaderFormat.parse(source)
        var workFactor: Int?
        if let scrypt = header.stanzas.first(where: { $0.type == ScryptRecipient.stanzaType }), scrypt.arguments.count == 3 {
            workFactor = Int(scrypt.arguments[2])
        }
        return Summary(stanzaTypes: header.stanzas.map(\.type), scryptWorkFactor: workFactor, armored: armored)
    }
}
