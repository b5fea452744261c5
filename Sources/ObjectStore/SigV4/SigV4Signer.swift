import Codecs
import OpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// Access key, secret and optional session token. `description` never shows the secret, so a
/// credential printed by mistake (an error, a log line) leaks only the key id.
public struct SigV4Credentials: Sendable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "credentials for \(accessKeyID)" }
}

/// AWS Signature Version 4 (AWS General Reference, "Signature Version 4 signing process"):
/// canonical request → string to sign → signing key (HMAC-SHA256 chain over date, region, service,
/// `aws4_request`) → signature; as an `Authorization` header or as a presigned query string.
/// HMAC and SHA-256 come from our libcrypto wrappers (module OpenSSL).
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public var credentials: SigV4Credentials
    public var region: String
    public var service: String
    /// Remove `.`/`..` segments and repeated slashes from the path before signing. Every service
    /// but S3 does; S3 signs the key exactly as it is (a key may hold `//` or `..`).
    public var normalizePath: Bool
    /// Whether the session token takes part in the signature (`true`, the usual way) or is added
    /// after signing (some services, e.g. IoT, ask for that).
    public var signSessionToken: Bool = true

    public init(credentials: SigV4Credentials, region: String, service: String, normalizePath: Bool) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizePath = normalizePath
    }

    /// What signing produced, each step kept so tests can compare them with the suite's files.
    public struct Signed: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        /// Headers to add to the request (header signing), or query parameters (presigning).
        public var headers: [(name: String, value: String)]
        public var query: [(name: String, value: String)]
    }

    // MARK: header signing

    /// Signs with an `Authorization` header. `x-amz-date` (and the session token) are added to the
    /// request's headers before the canonical request is made; `addContentSHA256` adds
    /// `x-amz-content-sha256` too (S3 requires it and checks the body against it).
    public func signHeaders(_ request: SigV4Request, at seconds: Int64, addContentSHA256: Bool) throws -> Signed {
        let stamp = Self.amzDate(seconds)
        var request = request
        var added: [(name: String, value: String)] = [("X-Amz-Date", stamp)]
        if let token = credentials.sessionToken, signSessionToken { added.append(("X-Amz-Security-Token", token)) }
        if addContentSHA256 { added.append(("x-amz-content-sha256", request.payloadHash)) }
        request.headers += added
        let (headerText, signedHeaders) = Self.canonicalHeaders(request.headers)
        let canonical = [request.method, canonicalPath(request.path), Self.canonicalQuery(request.query),
                         headerText, signedHeaders, request.payloadHash].joined(separator: "\n")
        let (stringToSign, signature) = try sign(canonical, stamp: stamp)
        if let token = credentials.sessionToken, !signSessionToken { added.append(("X-Amz-Security-Token", token)) }
        added.append(("Authorization", "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(stamp)), "
                      + "SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        return Signed(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headers: added, query: [])
    }

    // MARK: presigning

    /// Signs as a presigned URL valid for `expires` seconds: the `X-Amz-*` parameters go into the
    /// query, only the headers already on the request are signed.
    public func presign(_ request: SigV4Request, at seconds: Int64, expires: Int) throws -> Signed {
        let stamp = Self.amzDate(seconds)
        let (headerText, signedHeaders) = Self.canonicalHeaders(request.headers)
        var params: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(stamp))"),
            ("X-Amz-Date", stamp),
            ("X-Amz-SignedHeaders", signedHeaders),
            ("X-Amz-Expires", String(expires)),
        ]
        if let token = credentials.sessionToken, signSessionToken { params.append(("X-Amz-Security-Token", token)) }
        let canonical = [request.method, canonicalPath(request.path), Self.canonicalQuery(request.query + params),
                         headerText, signedHeaders, request.payloadHash].joined(separator: "\n")
        let (stringToSign, signature) = try sign(canonical, stamp: stamp)
        if let token = credentials.sessionToken, !signSessionToken { params.append(("X-Amz-Security-Token", token)) }
        params.append(("X-Amz-Signature", signature))
        return Signed(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headers: [], query: params)
    }

    // MARK: the steps

    func scope(_ stamp: String) -> String { "\(stamp.prefix(8))/\(region)/\(service)/aws4_request" }

    func sign(_ canonical: String, stamp: String) throws -> (String, String) {
        let canonicalHash = try Digest.hash(.sha256, Array(canonical.utf8)).hex
        let stringToSign = [Self.algorithm, stamp, scope(stamp), canonicalHash].joined(separator: "\n")
        var key = Array(("AWS4" + credentials.secretAccessKey).utf8)
        defer { for i in key.indices { key[i] = 0 } }
        for part in [String(stamp.prefix(8)), region, service, "aws4_request"] {
            key = try key.withUnsafeBytes { try HMAC.sha256(key: $0, message: Array(part.utf8)) }
        }
        let signature = try key.withUnsafeBytes { try HMAC.sha256(key: $0, message: Array(stringToSign.utf8)) }.hex
        return (stringToSign, signature)
    }

    /// The path, normalised if asked, each segment encoded (`/` kept); empty is `/`.
    public func canonicalPath(_ path: String) -> String {
        var p = path.isEmpty ? "/" : path
        if normalizePath { p = Self.removeDotSegments(p) }
        return URIEncoding.encode(p, keepSlash: true)
    }

    /// RFC 3986 §5.2.4 dot-segment removal, with empty segments (`//`) dropped as SigV4 does; a
    /// trailing slash is kept.
    static func removeDotSegments(_ path: String) -> String {
        var stack: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = stack.popLast(); continue }
            stack.append(segment)
        }
        var out = "/" + stack.joined(separator: "/")
        if path.hasSuffix("/"), !stack.isEmpty { out += "/" }
        return out
    }

    /// Encoded `name=value` pairs sorted by name then value, joined with `&`.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query.map { (URIEncoding.encode($0.name, keepSlash: false), URIEncoding.encode($0.value, keepSlash: false)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// `name:value\n` lines, names lower-cased and sorted, values trimmed with inner runs of
    /// white space made one space, repeated names joined with commas in the order sent; and the
    /// `;`-joined list of names.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (String, String) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let lower = name.lowercased()
            if values[lower] == nil { order.append(lower) }
            values[lower, default: []].append(collapse(value))
        }
        let names = order.sorted()
        let text = names.map { "\($0):\((values[$0] ?? []).joined(separator: ","))\n" }.joined()
        return (text, names.joined(separator: ";"))
    }

    static func collapse(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    public static func amzDate(_ seconds: Int64) -> String {
        UTCTime.format(seconds: seconds).filter { $0 != "-" && $0 != ":" }
    }
}
