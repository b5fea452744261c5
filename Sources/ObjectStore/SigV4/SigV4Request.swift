/// An HTTP request as SigV4 sees it: method, the path *decoded* (`/my file.age`, not
/// `/my%20file.age`), query parameters decoded, headers as sent, and the payload's SHA-256.
public struct SigV4Request: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    /// Lower-case hex SHA-256 of the body (`e3b0…` for none), or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    public init(method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], payloadHash: String = SigV4Request.emptyPayloadHash) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first(where: { $0.name.lowercased() == lower })?.value
    }

    /// The query string as sent on the wire: names and values encoded, in the given order.
    public var encodedQuery: String {
        query.map { URIEncoding.encode($0.name, keepSlash: false) + "=" + URIEncoding.encode($0.value, keepSlash: false) }
            .joined(separator: "&")
    }
}
