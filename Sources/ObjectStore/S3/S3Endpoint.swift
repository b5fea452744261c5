import Foundation

/// Where the store is and who we are to it: path-style addressing (`http://host:port/BUCKET/KEY`),
/// which Ceph RGW, MinIO and AWS all accept, so no DNS name per bucket is needed.
public struct S3Endpoint: Sendable, CustomStringConvertible {
    public var scheme: String
    /// `host` or `host:port` exactly as the Host header carries it (and as SigV4 signs it).
    public var authority: String
    /// A path prefix some gateways sit under (`https://gw.example/s3`), without a final slash.
    public var basePath: String
    public var region: String
    public var credentials: SigV4Credentials
    public var caFile: String?

    /// Parses `http(s)://host[:port][/path]`; nil for anything else (no user info, no query).
    public init?(url: String, region: String, credentials: SigV4Credentials, caFile: String? = nil) {
        guard let sep = url.range(of: "://") else { return nil }
        let scheme = url[..<sep.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = url[sep.upperBound...]
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let authority = rest.prefix(while: { $0 != "/" })
        let path = rest.dropFirst(authority.count)
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("?"), !path.contains("?"), !path.contains("#"),
              authority.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        self.scheme = scheme
        // A default port is left out of Host, as clients send it and servers sign it.
        var a = String(authority).lowercased()
        if scheme == "http", a.hasSuffix(":80") { a = String(a.dropLast(3)) }
        if scheme == "https", a.hasSuffix(":443") { a = String(a.dropLast(4)) }
        self.authority = a
        basePath = String(path)
        self.region = region
        self.credentials = credentials
        self.caFile = caFile
    }

    /// `scheme://authority/base` for messages: no credentials in it.
    public var description: String { "\(scheme)://\(authority)\(basePath)" }
}

/// `s3://BUCKET/KEY-OR-PREFIX`.
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    public var key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Parses an `s3://` URL: the bucket must be a DNS-style bucket name (3–63 of `a-z 0-9 . -`),
    /// the key must not hold control characters; nil otherwise.
    public init?(_ url: String) {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst(5)
        let bucket = rest.prefix(while: { $0 != "/" })
        let key = rest.dropFirst(bucket.count).drop(while: { $0 == "/" })
        guard (3...63).contains(bucket.count),
              bucket.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }),
              key.utf8.count <= 1024, !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        self.bucket = String(bucket)
        self.key = String(key)
    }

    public var description: String { key.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(key)" }

    /// The key as a prefix: empty, or ending in `/`.
    public var prefix: String { key.isEmpty || key.hasSuffix("/") ? key : key + "/" }

    /// A key under this location taken as a prefix.
    public func appending(_ name: String) -> S3Location { S3Location(bucket: bucket, key: prefix + name) }
}
