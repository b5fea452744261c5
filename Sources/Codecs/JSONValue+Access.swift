extension JSONValue {
    /// An object from a dictionary, members sorted by the UTF-8 bytes of their names (the order
    /// `CanonicalJSON` writes them in anyway).
    public static func object(_ members: [String: JSONValue]) -> JSONValue {
        .object(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) })
    }

    /// The value of member `key` of an object; nil for a missing member or a value that is not
    /// an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// An object's members by name (the first of duplicated names; the parser rejects those).
    public var dictionary: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return Dictionary(members, uniquingKeysWith: { first, _ in first })
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, for `.int` and for a `.uint` that fits in `Int64`.
    public var integerValue: Int64? {
        switch self {
        case .int(let n): return n
        case .uint(let n): return Int64(exactly: n)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}

/// Objects compare as JSON objects do: by their members, whatever their order; numbers by value.
extension JSONValue: Equatable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        // A number is a number: a writer's `.uint(5)` and a parser's `.int(5)` are the same JSON.
        case (.int(let a), .uint(let b)), (.uint(let b), .int(let a)): return a >= 0 && UInt64(a) == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            let other = Dictionary(b, uniquingKeysWith: { first, _ in first })
            guard other.count == b.count else { return false }
            for (name, value) in a {
                guard let v = other[name], v == value else { return false }
            }
            return true
        default: return false
        }
    }
}
