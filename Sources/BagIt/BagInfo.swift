import Messages
/// Bag metadata, `bag-info.txt` (RFC 8493 §2.2.2): ordered `Label: value` elements; labels may
/// repeat and order is kept. A long value continues on lines that start with a space or tab.
public struct BagInfo: Equatable, Sendable {
    public struct Element: Equatable, Sendable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public var elements: [Element]

    public init(_ elements: [Element] = []) { self.elements = elements }

    /// Every value for a label, compared case-insensitively (reserved labels are case-insensitive).
    public func values(_ label: String) -> [String] {
        let key = label.lowercased()
        return elements.filter { $0.label.lowercased() == key }.map(\.value)
    }

    /// The first value for a label.
    public func first(_ label: String) -> String? { values(label).first }

    // MARK: Writing

    /// Lines stay within this many characters where a value has spaces to break at
    /// (RFC 8493 recommends 79).
    static let foldWidth = 79

    /// Checks a label and value can be written so that they read back the same.
    public static func check(label: String, value: String) throws {
        if label.isEmpty { throw BagError.badMetadata(label: label, reason: tr(.bcEmptyLabel)) }
        if label.contains(":") { throw BagError.badMetadata(label: label, reason: tr(.bcContainsAColon)) }
        if label.first?.isWhitespace == true || label.last?.isWhitespace == true {
            throw BagError.badMetadata(label: label, reason: tr(.bcStartsOrEndsWithWhitespace))
        }
        for c in label.unicodeScalars + value.unicodeScalars where c.value < 0x20 && c != "\t" || c.value == 0x7f {
            throw BagError.badMetadata(label: label, reason: tr(.bcContainsAControlCharacterOr))
        }
        if value.first?.isLinearWhitespace == true || value.last?.isLinearWhitespace == true {
            throw BagError.badMetadata(label: label, reason: tr(.bcValueStartsOrEndsWith))
        }
    }

    /// The file's text. Values longer than the fold width are broken at single spaces onto
    /// continuation lines indented by two spaces; `parse` joins them back with one space.
    public var text: String {
        var out = ""
        for element in elements {
            out += Self.folded(label: element.label, value: element.value)
        }
        return out
    }

    static func folded(label: String, value: String) -> String {
        var line = label + ":"
        var out = ""
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        // Break only between single spaces: runs of spaces stay together so they read back as-is.
        var pieces: [String] = []
        var current = ""
        for (i, word) in words.enumerated() {
            if i == 0 { current = String(word); continue }
            if word.isEmpty || current.isEmpty || current.hasSuffix(" ") {
                current += " " + word
            } else {
                pieces.append(current)
                current = String(word)
            }
        }
        pieces.append(current)
        var first = true
        for piece in pieces {
            if first {
                line += " " + piece
                first = false
            } else if line.count + 1 + piece.count > foldWidth {
                out += line + "\n"
                line = "  " + piece
            } else {
                line += " " + piece
            }
        }
        return out + line + "\n"
    }

    // MARK: Reading

    /// Parses bag-info text (already decoded). `strict` applies BagIt 1.0's rules: a label must
    /// not start or end with whitespace. Before 1.0, whitespace around the colon is allowed
    /// and is not part of the label or value. Returns the elements and warnings; throws a
    /// one-line reason for a line that is neither an element nor a continuation.
    public static func parse(_ text: String, strict: Bool) throws -> (info: BagInfo, warnings: [String]) {
        var elements: [Element] = []
        var warnings: [String] = []
        for (index, line) in TagFileText.lines(text).enumerated() {
            let number = index + 1
            if line.allSatisfy({ $0.isLinearWhitespace }) {
                warnings.append(tr(.bcLineIsBlank, ["number": "\(number)"]))
                continue
            }
            if let first = line.first, first.isLinearWhitespace {
                guard !elements.isEmpty else {
                    throw ParseError(tr(.bcLineIsAContinuationWith, ["number": "\(number)"]))
                }
                let rest = line.drop(while: { $0.isLinearWhitespace })
                elements[elements.count - 1].value += " " + rest
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw ParseError(tr(.bcLineHasNoColon, ["number": "\(number)", "line": "\(BagError.quoted(String(line)))"]))
            }
            var label = String(line[..<colon])
            var value = line[line.index(after: colon)...]
            if strict {
                if label.last?.isWhitespace == true {
                    throw ParseError(tr(.bcLineLabelEndsWithWhitespace, ["number": "\(number)", "label": "\(BagError.quoted(label))"]))
                }
            } else {
                while label.last?.isWhitespace == true { label.removeLast() }
            }
            if label.isEmpty { throw ParseError(tr(.bcLineHasAnEmptyLabel, ["number": "\(number)"])) }
            if let first = value.first, first.isLinearWhitespace {
                value = value.dropFirst()
            } else if strict && !value.isEmpty {
                warnings.append(tr(.bcLineNoSpaceAfterThe, ["number": "\(number)"]))
            }
            if !strict { value = value.drop(while: { $0.isLinearWhitespace }) }
            elements.append(Element(label, String(value)))
        }
        // Trailing whitespace is never meaningful and old tools leave it.
        for i in elements.indices {
            while elements[i].value.last?.isLinearWhitespace == true { elements[i].value.removeLast() }
        }
        return (BagInfo(elements), warnings)
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }
}

/// Payload-Oxum (RFC 8493 §2.2.2): "OctetCount.StreamCount", a quick completeness hint that is
/// never enough on its own to call a bag valid.
public struct PayloadOxum: Equatable, Sendable, CustomStringConvertible {
    public var octetCount: UInt64
    public var streamCount: UInt64

    public init(octetCount: UInt64, streamCount: UInt64) {
        self.octetCount = octetCount
        self.streamCount = streamCount
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 20 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let octets = UInt64(parts[0]), let streams = UInt64(parts[1]) else { return nil }
        octetCount = octets
        streamCount = streams
    }

    public var description: String { "\(octetCount).\(streamCount)" }
}
