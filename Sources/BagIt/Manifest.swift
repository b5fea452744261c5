import Messages
/// A payload manifest `manifest-<alg>.txt` or a tag manifest `tagmanifest-<alg>.txt`
/// (RFC 8493 §2.1.3, §2.2.1): lines of `checksum<whitespace>filepath`.
public struct Manifest: Sendable {
    public enum Kind: String, Sendable { case payload, tag }

    /// One line: the checksum (lower-cased hex) and the path relative to the bag folder, with the
    /// manifest escaping undone. `pathBytes` is what the filesystem is asked for; `path` is for
    /// display and is not used as a key (Swift string equality ignores Unicode normalization,
    /// file names do not).
    public struct Entry: Sendable {
        public let checksum: String
        public let pathBytes: [UInt8]
        public var path: String { BagPath.display(pathBytes) }
        public let line: Int
        /// The path as written, when undoing the 1.0 escaping changed it. Tools that do not
        /// escape (bagit-python, LibraryOfCongress/bagit-python#157) write names with `%`
        /// as-is; the validator falls back to this form, with a warning.
        public let literalPathBytes: [UInt8]?
    }

    /// The file name, e.g. "manifest-sha256.txt".
    public let fileName: String
    public let kind: Kind
    /// The algorithm as the file name spells it ("sha256").
    public let algorithm: String
    public let entries: [Entry]

    /// "manifest-sha256.txt" → (.payload, "sha256"); other names → nil.
    public static func classify(fileName: String) -> (kind: Kind, algorithm: String)? {
        guard fileName.hasSuffix(".txt") else { return nil }
        let stem = fileName.dropLast(4)
        for (prefix, kind) in [("tagmanifest-", Kind.tag), ("manifest-", Kind.payload)] where stem.hasPrefix(prefix) {
            let algorithm = String(stem.dropFirst(prefix.count))
            guard !algorithm.isEmpty, algorithm.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
            return (kind, algorithm.lowercased())
        }
        return nil
    }

    /// What parsing a manifest found besides its entries.
    struct ParseNotes {
        var problems: [BagProblem] = []
        var warnings: [BagWarning] = []
    }

    /// Parses decoded manifest text. `decodePercent` applies BagIt 1.0's escaping of CR, LF and
    /// `%`. Paths are normalised only in the ways old tools need (a leading `./`, md5sum's
    /// binary-mode `*`), each with a warning; a path reaching out of the bag or (for a payload
    /// manifest) out of `data/` is a problem and the entry is dropped.
    static func parse(fileName: String, kind: Kind, algorithm: String, text: String, decodePercent: Bool,
                      digestLength: Int?) -> (Manifest, ParseNotes) {
        var notes = ParseNotes()
        var entries: [Entry] = []
        var sawStar = false, sawDotSlash = false
        for (index, line) in TagFileText.lines(text).enumerated() {
            let number = index + 1
            if line.allSatisfy({ $0.isLinearWhitespace }) {
                notes.warnings.append(BagWarning(path: fileName, message: tr(.bcLineIsBlank, ["number": "\(number)"])))
                continue
            }
            guard let gap = line.firstIndex(where: { $0.isLinearWhitespace }) else {
                notes.problems.append(.badTagFile(name: fileName, reason: tr(.bcLineHasNoPathAfter, ["number": "\(number)"])))
                continue
            }
            let checksum = line[..<gap].lowercased()
            var pathText = line[gap...].drop(while: { $0.isLinearWhitespace })
            guard !checksum.isEmpty, checksum.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
                notes.problems.append(.badTagFile(name: fileName, reason: tr(.bcLineChecksumIsNotHexadecimal, ["number": "\(number)"])))
                continue
            }
            if let length = digestLength, checksum.count != length * 2 {
                notes.problems.append(.badTagFile(name: fileName, reason: tr(.bcLineChecksumHasHexDigits, ["number": "\(number)", "count": "\(checksum.count)", "algorithm": "\(algorithm)", "v": "\(length * 2)"])))
                continue
            }
            if pathText.first == "*" {
                pathText = pathText.dropFirst()
                sawStar = true
            }
            var literal = Array(pathText.utf8)
            while literal.starts(with: [0x2e, 0x2f]) {
                literal.removeFirst(2)
                sawDotSlash = true
            }
            let bytes = decodePercent ? BagPath.decode(literal) : literal
            if let reason = BagPath.escapeReason(bytes) {
                notes.problems.append(.pathEscapes(path: BagPath.display(bytes), file: fileName, reason: reason))
                continue
            }
            let inData = bytes.starts(with: Array("data/".utf8))
            if kind == .payload && !inData {
                notes.problems.append(.pathEscapes(path: BagPath.display(bytes), file: fileName, reason: tr(.bcPayloadManifestEntryOutsideData)))
                continue
            }
            if kind == .tag && inData {
                notes.problems.append(.badTagFile(name: fileName, reason: tr(.bcListsPayloadFile, ["bytes": "\(BagError.quoted(BagPath.display(bytes)))"])))
                continue
            }
            let literalForm = (bytes != literal && BagPath.escapeReason(literal) == nil) ? literal : nil
            entries.append(Entry(checksum: checksum, pathBytes: bytes, line: number, literalPathBytes: literalForm))
        }
        if sawStar {
            notes.warnings.append(BagWarning(path: fileName, message: tr(.bcPathsStartWithMd5sumBinary)))
        }
        if sawDotSlash {
            notes.warnings.append(BagWarning(path: fileName, message: tr(.bcPathsStartWithReadWithout)))
        }
        return (Manifest(fileName: fileName, kind: kind, algorithm: algorithm, entries: entries), notes)
    }

    /// Manifest text as we write it: `checksum␠␠path` (two spaces, as sha256sum prints, so
    /// `sha256sum -c manifest-sha256.txt` works), one line per file, LF endings.
    static func format(_ lines: [(checksum: String, path: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines {
            out += Array(line.checksum.utf8)
            out += [0x20, 0x20]
            out += BagPath.encode(line.path)
            out.append(0x0a)
        }
        return out
    }
}
