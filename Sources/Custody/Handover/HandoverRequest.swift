import Codecs
import Foundation
import Messages
import Records

/// The facts of a handover (issue 14 item 2) as the officer gives them: on the command line,
/// in `--request-file FILE.json`, or typed at a prompt. Command-line values win over the file's.
public struct HandoverRequest: Sendable, Equatable {
    /// One field: its command-line name (also its name in the request file, where `-` may be
    /// written `_`), and whether a handover cannot go ahead without it.
    public enum Field: String, CaseIterable, Sendable {
        case agency, requester, contact
        case requestDocument = "request-document"
        case legalBasis = "legal-basis"
        case purpose
        case identityCheck = "identity-check"
        case approvedBy = "approved-by"
        case approvalRoute = "approval-route"
        case approvedAt = "approved-at"
        case receivedAt = "received-at"
        case witness, medium, player, original, card
        case association, manager
        case requestFrom = "request-from"
        case requestTo = "request-to"
        case requestCamera = "request-camera"
        case `operator`, lang

        /// What the rules require before footage leaves (運用規程: request, identity, approval).
        public static let required: [Field] = [.agency, .requester, .requestDocument, .legalBasis, .purpose,
                                               .identityCheck, .approvedBy, .approvalRoute, .medium, .original]
        /// Fields that may be given more than once.
        public var repeatable: Bool { self == .witness || self == .player || self == .requestCamera }
    }

    public static let approvalRoutes = ["manager", "board", "emergency"]
    public static let originalHandlings = ["kept", "held", "taken"]

    /// Single values by field.
    public var values: [Field: String] = [:]
    /// Repeatable values by field, in the order given.
    public var lists: [Field: [String]] = [:]

    public init() {}

    public subscript(field: Field) -> String? {
        get { values[field].flatMap { $0.isEmpty ? nil : $0 } }
        set { values[field] = newValue }
    }

    public func list(_ field: Field) -> [String] { lists[field] ?? [] }

    /// Fills what `self` lacks from `other` (a request file under command-line values).
    public mutating func fill(from other: HandoverRequest) {
        for (field, value) in other.values where self[field] == nil { values[field] = value }
        for (field, list) in other.lists where self.list(field).isEmpty { lists[field] = list }
    }

    /// The required fields still missing, in the order a prompt asks for them.
    public var missing: [Field] { Field.required.filter { self[$0] == nil } }

    /// Checks the values with a closed set of choices; returns the one-line problem, nil when fine.
    public var invalidChoice: String? {
        if let route = self[.approvalRoute], !Self.approvalRoutes.contains(route) {
            return tr(.handoverBadRoute, ["value": route])
        }
        if let original = self[.original], !Self.originalHandlings.contains(original) {
            return tr(.handoverBadOriginal, ["value": original])
        }
        return nil
    }

    /// Reads a request file: one JSON object whose members are field names (`agency`,
    /// `request-document` or `request_document`, …) with text values, or lists of text for the
    /// repeatable fields. An unknown member is an error (a misspelt field would otherwise be lost).
    public static func read(file path: String) throws -> HandoverRequest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CustodyError.input(tr(.handoverFileUnreadable, ["path": path]))
        }
        guard data.count <= 1 << 20 else { throw CustodyError.input(tr(.handoverFileTooLarge, ["path": path])) }
        let value: JSONValue
        do { value = try JSONParser.parse(Array(data)) } catch {
            throw CustodyError.input(tr(.handoverFileNotJSON, ["path": path, "reason": "\(error)"]))
        }
        guard case .object(let members) = value else { throw CustodyError.input(tr(.handoverFileNotJSON, ["path": path, "reason": tr(.ccNotAnObject)])) }
        var request = HandoverRequest()
        for (name, member) in members {
            guard let field = Field(rawValue: name.replacingOccurrences(of: "_", with: "-")) else {
                throw CustodyError.input(tr(.handoverFileUnknownField, ["path": path, "field": name]))
            }
            switch member {
            case .string(let s):
                if field.repeatable { request.lists[field, default: []].append(s) } else { request.values[field] = s }
            case .array(let items) where field.repeatable:
                for item in items {
                    guard case .string(let s) = item else { throw CustodyError.input(tr(.handoverFileBadValue, ["path": path, "field": name])) }
                    request.lists[field, default: []].append(s)
                }
            case .null: continue
            default:
                throw CustodyError.input(tr(.handoverFileBadValue, ["path": path, "field": name]))
            }
        }
        return request
    }
}
