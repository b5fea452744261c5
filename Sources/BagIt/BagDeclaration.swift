import Messages
/// The bag declaration, `bagit.txt` (RFC 8493 §2.1.1): exactly two lines,
/// `BagIt-Version: M.N` then `Tag-File-Character-Encoding: ENCODING`, in UTF-8 without a BOM.
public struct BagDeclaration: Equatable, Sendable {
    /// "1.0", "0.97", ...
    public var version: String
    /// The encoding of every other tag file, as written ("UTF-8").
    public var encoding: String

    public init(version: String = "1.0", encoding: String = "UTF-8") {
        self.version = version
        self.encoding = encoding
    }

    /// Major and minor version numbers.
    public var versionNumbers: (major: Int, minor: Int)? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return (major, minor)
    }

    /// True for versions before 1.0, whose looser rules the validator applies (with warnings).
    public var isBefore1_0: Bool { (versionNumbers?.major ?? 1) < 1 }

    /// The file's bytes as we write them.
    public var bytes: [UInt8] {
        Array("BagIt-Version: \(version)\nTag-File-Character-Encoding: \(encoding)\n".utf8)
    }

    /// Parses bagit.txt strictly: no BOM, the two labels spelled exactly with a colon and one
    /// space, a version of the form M.N, nothing else but an optional final line ending.
    /// Throws a one-line reason.
    public static func parse(_ bytes: [UInt8]) throws -> BagDeclaration {
        if bytes.starts(with: [0xef, 0xbb, 0xbf]) { throw ParseError(tr(.bcStartsWithAByteOrder)) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ParseError(tr(.bcIsNotValidUTF8)) }
        let lines = TagFileText.lines(text)
        guard lines.count == 2 else { throw ParseError(tr(.bcHasLinesItMustHave, ["count": "\(lines.count)"])) }
        let versionPrefix = "BagIt-Version: ", encodingPrefix = "Tag-File-Character-Encoding: "
        guard lines[0].hasPrefix(versionPrefix) else {
            throw ParseError(tr(.bcFirstLineMustBeBagIt, ["v": "\(BagError.quoted(String(lines[0])))"]))
        }
        guard lines[1].hasPrefix(encodingPrefix) else {
            throw ParseError(tr(.bcSecondLineMustBeTag, ["v": "\(BagError.quoted(String(lines[1])))"]))
        }
        let declaration = BagDeclaration(version: String(lines[0].dropFirst(versionPrefix.count)),
                                         encoding: String(lines[1].dropFirst(encodingPrefix.count)))
        guard declaration.versionNumbers != nil else {
            throw ParseError(tr(.bcVersionIsNotOfThe, ["version": "\(BagError.quoted(declaration.version))"]))
        }
        guard !declaration.encoding.isEmpty, !declaration.encoding.contains(where: { $0.isWhitespace }) else {
            throw ParseError(tr(.bcEncodingIsNotACharacter, ["encoding": "\(BagError.quoted(declaration.encoding))"]))
        }
        return declaration
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }
}
