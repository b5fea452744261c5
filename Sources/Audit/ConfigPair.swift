/// One `key = value` of a configuration file, whatever the file's syntax: INI, plain
/// `key=value`, `wpa_supplicant.conf`, YAML or JSON. The key and the section are plain
/// identifiers (lower case); the value is only a range in the file's buffer, so a password is
/// never copied out of it.
struct ConfigPair: Equatable {
    /// Pairs with the same group were written together: one INI section, one
    /// `network={…}` block, one YAML mapping or list item, one JSON object.
    var group: Int
    /// The name of the enclosing section, block or object (`wifi`, `cloud`, `network`), "" at the top.
    var section: String
    var key: String
    /// The key as the file writes it (`TimeZone`), for showing.
    var name: String
    /// Where the value lies in the buffer, without quotes and surrounding spaces.
    var value: Range<Int>
    /// 1-based line of the pair (JSON: of the value).
    var line: Int
}

/// Caps that keep the work on a hostile file bounded, whatever its bytes.
enum ParseLimits {
    /// Files larger than this are not configuration files (issue 16: "under 64 KiB").
    static let maxFileBytes = 64 * 1024
    /// Lines looked at in one file.
    static let maxLines = 8192
    /// Longer lines are skipped: no camera writes a setting that long.
    static let maxLineBytes = 4096
    /// Pairs kept from one file.
    static let maxPairs = 4096
    /// Nesting of sections, blocks, YAML mappings or JSON containers followed.
    static let maxDepth = 32
}

/// Reads the line-oriented syntaxes: INI (`[Wifi]` then `ap_pw=…`), plain `key=value` files
/// (`config.txt`), `wpa_supplicant.conf` (`network={ … psk="…" }`) and the block style of YAML
/// (`wifi:` then indented `password: …`, `- ssid: …` list items). One pass, no backtracking;
/// lines it does not understand are skipped.
enum LineConfigParser {
    private struct Frame {
        enum Kind { case root, section, brace, indent }
        var kind: Kind
        var indent: Int
        var section: String
        var group: Int
    }

    static func pairs(in buffer: UnsafeRawBufferPointer) -> [ConfigPair] {
        var out: [ConfigPair] = []
        var stack = [Frame(kind: .root, indent: -1, section: "", group: 0)]
        var nextGroup = 1
        var lineNumber = 0
        var start = 0
        func newGroup() -> Int { defer { nextGroup += 1 }; return nextGroup }

        while start < buffer.count, lineNumber < ParseLimits.maxLines, out.count < ParseLimits.maxPairs {
            var end = start
            while end < buffer.count, buffer[end] != 0x0A { end += 1 }
            lineNumber += 1
            let lineRange = start..<end
            start = end + 1
            guard lineRange.count <= ParseLimits.maxLineBytes else { continue }

            var indent = 0
            while lineRange.lowerBound + indent < lineRange.upperBound, Bytes.isSpace(buffer[lineRange.lowerBound + indent]) { indent += 1 }
            var line = Bytes.trimmed(buffer, lineRange)
            guard let first = line.first.map({ buffer[$0] }) else { continue }
            // Comments: `#` (shell, YAML, wpa_supplicant), `;` (INI), `//`.
            if first == 0x23 || first == 0x3B { continue }
            if first == 0x2F, line.count > 1, buffer[line.lowerBound + 1] == 0x2F { continue }

            // Indented YAML blocks end where a line is no deeper than their key.
            while let top = stack.last, top.kind == .indent, indent <= top.indent { stack.removeLast() }

            // `[Section]`: INI. It replaces every open section and indented block.
            if first == 0x5B, buffer[line.upperBound - 1] == 0x5D {
                let name = Bytes.identifier(buffer, Bytes.trimmed(buffer, (line.lowerBound + 1)..<(line.upperBound - 1))) ?? ""
                while let top = stack.last, top.kind == .section || top.kind == .indent { stack.removeLast() }
                stack.append(Frame(kind: .section, indent: -1, section: name, group: newGroup()))
                continue
            }
            // `}`: the end of a wpa_supplicant block.
            if first == 0x7D {
                while let top = stack.last, top.kind != .root {
                    stack.removeLast()
                    if top.kind == .brace { break }
                }
                continue
            }
            // `- key: value`: a YAML list item starts a group of its own.
            if first == 0x2D, line.count >= 2, Bytes.isSpace(buffer[line.lowerBound + 1]) {
                guard stack.count < ParseLimits.maxDepth else { continue }
                let parent = stack.last?.section ?? ""
                stack.append(Frame(kind: .indent, indent: indent, section: parent, group: newGroup()))
                let rest = Bytes.trimmed(buffer, (line.lowerBound + 2)..<line.upperBound)
                line = rest
                indent += 2
                guard !line.isEmpty else { continue }
            }
            guard let (keyRange, valueRange, colon) = split(buffer, line) else { continue }
            let rawKey = Bytes.unquoted(buffer, keyRange)
            // `network={`: a wpa_supplicant block.
            if valueRange.count == 1, buffer[valueRange.lowerBound] == 0x7B {
                guard stack.count < ParseLimits.maxDepth else { continue }
                stack.append(Frame(kind: .brace, indent: -1, section: Bytes.identifier(buffer, rawKey) ?? "", group: newGroup()))
                continue
            }
            guard let key = Bytes.identifier(buffer, rawKey) else { continue }
            if colon && valueRange.isEmpty {
                // `wifi:` with nothing after it opens a YAML mapping.
                guard stack.count < ParseLimits.maxDepth else { continue }
                stack.append(Frame(kind: .indent, indent: indent, section: key, group: newGroup()))
                continue
            }
            let top = stack.last ?? Frame(kind: .root, indent: -1, section: "", group: 0)
            out.append(ConfigPair(group: top.group, section: top.section, key: key,
                                  name: Bytes.identifier(buffer, rawKey, lowercased: false) ?? key,
                                  value: Bytes.unquoted(buffer, valueRange), line: lineNumber))
        }
        return out
    }

    /// The key and value of a line: at the first `=`, or at the first `:` followed by a space, a
    /// tab or the end (YAML; a `:` inside `http://…` does not split). `colon` says which.
    private static func split(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) -> (Range<Int>, Range<Int>, colon: Bool)? {
        var at = line.lowerBound
        while at < line.upperBound {
            let b = buffer[at]
            if b == 0x3D {
                return (Bytes.trimmed(buffer, line.lowerBound..<at), Bytes.trimmed(buffer, (at + 1)..<line.upperBound), false)
            }
            if b == 0x3A, at + 1 == line.upperBound || Bytes.isSpace(buffer[at + 1]) {
                return (Bytes.trimmed(buffer, line.lowerBound..<at), Bytes.trimmed(buffer, (at + 1)..<line.upperBound), true)
            }
            at += 1
        }
        return nil
    }
}

/// Reads JSON for its `"key": value` pairs without building any value: one forward pass over
/// the bytes with a container stack (capped at `ParseLimits.maxDepth`). It stops at the first
/// byte that is not JSON and keeps the pairs read so far, so a truncated or hostile file gives
/// what it has, in time linear in its size.
enum JSONPairScanner {
    private struct Container {
        var isObject: Bool
        var name: String
        var group: Int
        /// In an object: the key read and waiting for its value.
        var pendingKey: String?
        var expectingKey: Bool
    }

    static func pairs(in buffer: UnsafeRawBufferPointer) -> [ConfigPair] {
        var out: [ConfigPair] = []
        var stack: [Container] = []
        var nextGroup = 1
        var line = 1
        var i = 0
        let n = buffer.count

        // A scalar value (string or bare word) at `range` for the innermost container.
        func value(_ range: Range<Int>, isString: Bool) {
            guard var top = stack.last else { return }
            if top.isObject {
                if top.expectingKey {
                    top.pendingKey = isString ? (Bytes.identifier(buffer, range, lowercased: false) ?? "") : ""
                    top.expectingKey = false
                } else {
                    if let key = top.pendingKey, !key.isEmpty, out.count < ParseLimits.maxPairs {
                        out.append(ConfigPair(group: top.group, section: top.name.lowercased(), key: key.lowercased(), name: key,
                                              value: range, line: line))
                    }
                    top.pendingKey = nil
                }
                stack[stack.count - 1] = top
            }
        }

        while i < n {
            let b = buffer[i]
            switch b {
            case 0x0A:
                line += 1
                i += 1
            case 0x20, 0x09, 0x0D, 0x2C:
                if b == 0x2C, var top = stack.last, top.isObject { top.expectingKey = true; top.pendingKey = nil; stack[stack.count - 1] = top }
                i += 1
            case 0x3A:
                i += 1
            case 0x7B, 0x5B:
                guard stack.count < ParseLimits.maxDepth else { return out }
                var name = stack.last?.name ?? ""
                if var top = stack.last, top.isObject, !top.expectingKey {
                    name = top.pendingKey ?? ""
                    top.pendingKey = nil
                    stack[stack.count - 1] = top
                }
                stack.append(Container(isObject: b == 0x7B, name: name, group: nextGroup, pendingKey: nil, expectingKey: b == 0x7B))
                nextGroup += 1
                i += 1
            case 0x7D, 0x5D:
                guard !stack.isEmpty else { return out }
                stack.removeLast()
                i += 1
            case 0x22:
                // A string: its content up to the closing quote, escapes skipped over whole.
                var j = i + 1
                while j < n, buffer[j] != 0x22 {
                    if buffer[j] == 0x0A { return out }
                    j += buffer[j] == 0x5C ? 2 : 1
                }
                guard j < n else { return out }
                value((i + 1)..<j, isString: true)
                i = j + 1
            default:
                // A number, true, false or null.
                var j = i
                while j < n, !([0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0D, 0x0A, 0x3A] as [UInt8]).contains(buffer[j]) { j += 1 }
                guard j > i, !stack.isEmpty else { return out }
                value(i..<j, isString: false)
                i = j
            }
        }
        return out
    }
}
