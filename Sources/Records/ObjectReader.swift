import Codecs
import Messages

/// Reads the members of one JSON object of a record, naming the field in every error
/// (`files[3].cluster_runs[0].length is not a whole number`). A missing member and `null` are the
/// same to the optional accessors; a member of the wrong kind is always an error, so a reader
/// never silently drops what it does not understand.
struct ObjectReader {
    let document: String
    /// Where this object sits in the document, for messages (`""` for the top level).
    let path: String
    private let members: [(String, JSONValue)]

    init(_ value: JSONValue, document: String, path: String = "") throws {
        guard case .object(let members) = value else {
            throw RecordError.wrongType(document: document, field: path.isEmpty ? tr(.rcTheDocument) : path, expected: tr(.rcAnObject))
        }
        self.document = document
        self.path = path
        self.members = members
    }

    /// Parses `bytes` (at most `limit` of them) as one JSON object.
    static func parse(_ bytes: [UInt8], document: String, limit: Int = 64 << 20) throws -> ObjectReader {
        guard bytes.count <= limit else {
            throw RecordError.notJSON(document: document, reason: tr(.rcLargerThanBytes, ["limit": "\(limit)"]))
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, allowFractions: true) } catch {
            throw RecordError.notJSON(document: document, reason: "\(error)")
        }
        return try ObjectReader(value, document: document)
    }

    /// Checks the `format` member against the one version this release reads.
    func requireFormat(_ expected: String) throws {
        let found = try optionalString("format")
        guard found == expected else {
            throw RecordError.unknownFormat(document: document, found: found, expected: expected)
        }
    }

    func field(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member's value; nil when it is missing or null.
    func value(_ key: String) -> JSONValue? {
        guard let v = members.first(where: { $0.0 == key })?.1 else { return nil }
        if case .null = v { return nil }
        return v
    }

    func has(_ key: String) -> Bool { members.contains { $0.0 == key } }

    var isEmpty: Bool { members.isEmpty }

    private func required(_ key: String) throws -> JSONValue {
        guard let v = value(key) else { throw RecordError.missing(document: document, field: field(key)) }
        return v
    }

    private func wrong(_ key: String, _ expected: String) -> RecordError {
        .wrongType(document: document, field: field(key), expected: expected)
    }

    // MARK: strings

    func string(_ key: String) throws -> String {
        guard case .string(let s) = try required(key) else { throw wrong(key, "a string") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw wrong(key, "a string") }
        return s
    }

    func strings(_ key: String) throws -> [String] {
        try array(key).enumerated().map { i, v in
            guard case .string(let s) = v else { throw wrong("\(key)[\(i)]", "a string") }
            return s
        }
    }

    /// A list that is written only when it has members: missing means empty.
    func optionalStrings(_ key: String) throws -> [String]? {
        guard value(key) != nil else { return nil }
        return try strings(key)
    }

    // MARK: numbers

    func uint(_ key: String) throws -> UInt64 {
        guard let n = Self.unsigned(try required(key)) else { throw wrong(key, tr(.rcAWholeNumber0)) }
        return n
    }

    func optionalUInt(_ key: String) throws -> UInt64? {
        guard let v = value(key) else { return nil }
        guard let n = Self.unsigned(v) else { throw wrong(key, tr(.rcAWholeNumber0)) }
        return n
    }

    func int(_ key: String) throws -> Int64 {
        guard let n = Self.signed(try required(key)) else { throw wrong(key, tr(.rcAWholeNumber)) }
        return n
    }

    func optionalInt(_ key: String) throws -> Int64? {
        guard let v = value(key) else { return nil }
        guard let n = Self.signed(v) else { throw wrong(key, tr(.rcAWholeNumber)) }
        return n
    }

    func optionalDouble(_ key: String) throws -> Double? {
        guard let v = value(key) else { return nil }
        switch v {
        case .double(let d): return d
        case .int(let n): return Double(n)
        case .uint(let n): return Double(n)
        default: throw wrong(key, "a number")
        }
    }

    static func unsigned(_ v: JSONValue) -> UInt64? {
        switch v {
        case .uint(let n): return n
        case .int(let n): return UInt64(exactly: n)
        default: return nil
        }
    }

    static func signed(_ v: JSONValue) -> Int64? {
        switch v {
        case .int(let n): return n
        case .uint(let n): return Int64(exactly: n)
        default: return nil
        }
    }

    // MARK: others

    func bool(_ key: String) throws -> Bool {
        guard case .bool(let b) = try required(key) else { throw wrong(key, tr(.rcTrueOrFalse)) }
        return b
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw wrong(key, tr(.rcTrueOrFalse)) }
        return b
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard case .array(let items) = try required(key) else { throw wrong(key, "a list") }
        return items
    }

    func object(_ key: String) throws -> ObjectReader {
        try ObjectReader(try required(key), document: document, path: field(key))
    }

    func optionalObject(_ key: String) throws -> ObjectReader? {
        guard let v = value(key) else { return nil }
        return try ObjectReader(v, document: document, path: field(key))
    }

    func objects(_ key: String) throws -> [ObjectReader] {
        try array(key).enumerated().map { i, v in try ObjectReader(v, document: document, path: field("\(key)[\(i)]")) }
    }

    func optionalObjects(_ key: String) throws -> [ObjectReader]? {
        guard value(key) != nil else { return nil }
        return try objects(key)
    }

    /// A member kept as it is (descriptions whose shape belongs to another module).
    func optionalValue(_ key: String) -> JSONValue? { value(key) }

    /// The object's members as text values (a label → value map such as `bag_info`).
    func stringMembers() throws -> [(String, String)] {
        try members.map { key, v in
            guard case .string(let s) = v else { throw wrong(key, "a string") }
            return (key, s)
        }
    }
}

extension JSONValue {
    /// `.null` for nil, else the value made by `make`.
    static func optional<T>(_ value: T?, _ make: (T) -> JSONValue) -> JSONValue {
        value.map(make) ?? .null
    }
}
