import Messages
/// Why a document the tool wrote could not be read back: one line naming the document and the
/// field, so that `verify` and the commands can say exactly what is wrong with a record.
public enum RecordError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The bytes are not one JSON document (or are larger than a record can be).
    case notJSON(document: String, reason: String)
    /// `format` names another document or a version this release does not read.
    case unknownFormat(document: String, found: String?, expected: String)
    /// A field that must be there is missing.
    case missing(document: String, field: String)
    /// A field holds a value of the wrong kind (a string where a number belongs, …).
    case wrongType(document: String, field: String, expected: String)
    /// A field's value is of the right kind but not acceptable (a SHA-256 that is not 64 hex digits).
    case invalid(document: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .notJSON(let document, let reason):
            return tr(.errRecordNotJSON, ["document": document, "reason": reason])
        case .unknownFormat(let document, let found, let expected):
            guard let found else { return tr(.errRecordNoFormat, ["document": document, "expected": expected]) }
            return tr(.errRecordUnknownFormat, ["document": document, "found": found, "expected": expected])
        case .missing(let document, let field):
            return tr(.errRecordMissing, ["document": document, "field": field])
        case .wrongType(let document, let field, let expected):
            return tr(.errRecordWrongType, ["document": document, "field": field, "expected": expected])
        case .invalid(let document, let field, let reason):
            return tr(.errRecordInvalid, ["document": document, "field": field, "reason": reason])
        }
    }
}
