import OpenSSL
import Codecs

/// The S3 REST calls sdcustody makes (Amazon S3 API Reference), each signed with SigV4 and a
/// signed payload hash (`x-amz-content-sha256`), so the store refuses a body changed in
/// transit; every body that can carry Content-MD5 does too. Synchronous; one client per task.
public final class S3Client {
    public let endpoint: S3Endpoint
    let http: HTTPClient
    let signer: SigV4Signer
    /// Seconds since 1970 for the signature (tests fix it).
    public var clock: () -> Int64 = { ISO8601Time.now() }

    public init(endpoint: S3Endpoint) throws {
        self.endpoint = endpoint
        do { http = try HTTPClient(settings: HTTPSettings(caFile: endpoint.caFile)) } catch {
            throw S3Error.unreachable(endpoint: endpoint.description, reason: "\(error)")
        }
        signer = SigV4Signer(credentials: endpoint.credentials, region: endpoint.region, service: "s3", normalizePath: false)
    }

    // MARK: the one request path

    /// Signs and sends one request; a non-2xx answer becomes `S3Error.status` with the store's
    /// error code.
    @discardableResult
    public func send(_ operation: String, method: String, _ location: S3Location, query: [(name: String, value: String)] = [],
                     headers: [(name: String, value: String)] = [], body: [UInt8] = [], payloadHash: String? = nil,
                     limit: Int = 1 << 20, sink: ((UnsafeRawBufferPointer) throws -> Void)? = nil) throws -> HTTPResponse {
        var path = endpoint.basePath + "/" + location.bucket
        if !location.key.isEmpty { path += "/" + location.key }
        let hash = try payloadHash ?? Digest.hash(.sha256, body).hex
        let request = SigV4Request(method: method, path: path, query: query,
                                   headers: [("Host", endpoint.authority)] + headers, payloadHash: hash)
        let signed = try signer.signHeaders(request, at: clock(), addContentSHA256: true)
        var url = "\(endpoint.scheme)://\(endpoint.authority)\(URIEncoding.encode(path, keepSlash: true))"
        if !query.isEmpty { url += "?" + request.encodedQuery }
        var status = 0
        var errorBody: [UInt8] = []
        let response: HTTPResponse
        do {
            // An error answer to a streamed GET must not reach the sink (it is XML, not the object).
            response = try http.send(HTTPRequest(method: method, url: url, headers: request.headers + signed.headers, body: body),
                                     limit: limit, sink: sink.map { sink in
                                         { bytes in
                                             if status == 0 { status = self.http.lastStatus }
                                             if (200..<300).contains(status) { try sink(bytes) } else if errorBody.count < 65536 {
                                                 errorBody.append(contentsOf: bytes)
                                             }
                                         }
                                     })
        } catch let error as HTTPError {
            if case .responseTooLarge = error { throw S3Error.badResponse(operation: operation, reason: error.description) }
            throw S3Error.unreachable(endpoint: endpoint.description, reason: error.description)
        }
        guard (200..<300).contains(response.status) else {
            let xml = String(decoding: sink == nil ? response.body : errorBody, as: UTF8.self)
            throw S3Error.status(operation: operation, target: location.description, status: response.status,
                                 code: XMLScan.value("Code", in: xml), message: XMLScan.value("Message", in: xml))
        }
        return response
    }

    /// Base64 of the body's MD5, as the Content-MD5 header carries it.
    public static func contentMD5(_ body: [UInt8]) throws -> String {
        String(decoding: Base64.encode(try Digest.hash(.md5, body), padded: true), as: UTF8.self)
    }

    // MARK: buckets

    /// CreateBucket with Object Lock enabled (it can only be turned on at creation; it turns
    /// versioning on too).
    public func createLockedBucket(_ bucket: String) throws {
        var body: [UInt8] = []
        if endpoint.region != "us-east-1" {
            body = Array(("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                          + "<LocationConstraint>\(XMLScan.escape(endpoint.region))</LocationConstraint></CreateBucketConfiguration>").utf8)
        }
        try send("CreateBucket", method: "PUT", S3Location(bucket: bucket, key: ""),
                 headers: [("x-amz-bucket-object-lock-enabled", "true")], body: body)
    }

    /// PutObjectLockConfiguration with a default retention for new versions.
    public func setDefaultRetention(_ bucket: String, mode: LockMode, days: Int) throws {
        let body = Array(("<ObjectLockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                          + "<ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>"
                          + "<Mode>\(mode.rawValue)</Mode><Days>\(days)</Days></DefaultRetention></Rule></ObjectLockConfiguration>").utf8)
        try send("PutObjectLockConfiguration", method: "PUT", S3Location(bucket: bucket, key: ""),
                 query: [("object-lock", "")], headers: [("Content-MD5", try Self.contentMD5(body))], body: body)
    }

    /// Whether Object Lock is enabled on the bucket (GetObjectLockConfiguration).
    public func objectLockEnabled(_ bucket: String) throws -> Bool {
        do {
            let r = try send("GetObjectLockConfiguration", method: "GET", S3Location(bucket: bucket, key: ""), query: [("object-lock", "")])
            return XMLScan.value("ObjectLockEnabled", in: String(decoding: r.body, as: UTF8.self)) == "Enabled"
        } catch let e as S3Error where e.code == "ObjectLockConfigurationNotFoundError" {
            return false
        }
    }

    // MARK: objects

    /// The headers that lock a new version and describe it.
    static func creationHeaders(retention: Retention?, legalHold: Bool, metadata: [(String, String)]) -> [(name: String, value: String)] {
        var h: [(name: String, value: String)] = metadata.map { ("x-amz-meta-\($0.0)", $0.1) }
        if let retention {
            h.append(("x-amz-object-lock-mode", retention.mode.rawValue))
            h.append(("x-amz-object-lock-retain-until-date", ISO8601Time.format(retention.until)))
        }
        if legalHold { h.append(("x-amz-object-lock-legal-hold", "ON")) }
        return h
    }

    /// PutObject of a small body; returns the new version's id.
    @discardableResult
    public func putObject(_ location: S3Location, body: [UInt8], contentType: String, retention: Retention?, legalHold: Bool,
                          metadata: [(String, String)]) throws -> String? {
        let r = try send("PutObject", method: "PUT", location,
                         headers: [("Content-Type", contentType), ("Content-MD5", try Self.contentMD5(body))]
                            + Self.creationHeaders(retention: retention, legalHold: legalHold, metadata: metadata), body: body)
        return r.header("x-amz-version-id")
    }

    public func createMultipartUpload(_ location: S3Location, contentType: String, retention: Retention?, legalHold: Bool,
                                      metadata: [(String, String)]) throws -> String {
        let r = try send("CreateMultipartUpload", method: "POST", location, query: [("uploads", "")],
                         headers: [("Content-Type", contentType)] + Self.creationHeaders(retention: retention, legalHold: legalHold, metadata: metadata))
        guard let id = XMLScan.value("UploadId", in: String(decoding: r.body, as: UTF8.self)), !id.isEmpty else {
            throw S3Error.badResponse(operation: "CreateMultipartUpload", reason: "no UploadId")
        }
        return id
    }

    /// UploadPart; `sha256` is the part's hash (hex), `md5` its MD5 (base64). Returns the ETag.
    public func uploadPart(_ location: S3Location, uploadID: String, number: Int, body: [UInt8], sha256: String, md5: String) throws -> String {
        let r = try send("UploadPart", method: "PUT", location, query: [("partNumber", String(number)), ("uploadId", uploadID)],
                         headers: [("Content-MD5", md5)], body: body, payloadHash: sha256)
        guard let etag = r.header("ETag") else { throw S3Error.badResponse(operation: "UploadPart", reason: "no ETag") }
        return etag
    }

    /// CompleteMultipartUpload; returns the version id.
    public func completeMultipartUpload(_ location: S3Location, uploadID: String, etags: [String]) throws -> String? {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for (i, etag) in etags.enumerated() { xml += "<Part><PartNumber>\(i + 1)</PartNumber><ETag>\(XMLScan.escape(etag))</ETag></Part>" }
        xml += "</CompleteMultipartUpload>"
        let body = Array(xml.utf8)
        let r = try send("CompleteMultipartUpload", method: "POST", location, query: [("uploadId", uploadID)],
                         headers: [("Content-Type", "application/xml"), ("Content-MD5", try Self.contentMD5(body))], body: body)
        // S3 may answer 200 with an Error document when completion fails late.
        let text = String(decoding: r.body, as: UTF8.self)
        if text.contains("<Error>") {
            throw S3Error.status(operation: "CompleteMultipartUpload", target: location.description, status: r.status,
                                 code: XMLScan.value("Code", in: text), message: XMLScan.value("Message", in: text))
        }
        return r.header("x-amz-version-id")
    }

    public func abortMultipartUpload(_ location: S3Location, uploadID: String) throws {
        try send("AbortMultipartUpload", method: "DELETE", location, query: [("uploadId", uploadID)])
    }

    /// HeadObject, nil when there is no such key.
    public func head(_ location: S3Location, versionID: String? = nil) throws -> ObjectHead? {
        let r: HTTPResponse
        do {
            r = try send("HeadObject", method: "HEAD", location, query: versionID.map { [("versionId", $0)] } ?? [])
        } catch let e as S3Error where e.httpStatus == 404 {
            return nil
        }
        guard let size = r.header("Content-Length").flatMap({ UInt64($0) }) else {
            throw S3Error.badResponse(operation: "HeadObject", reason: "no Content-Length")
        }
        var retention: Retention?
        if let mode = r.header("x-amz-object-lock-mode").flatMap({ LockMode(rawValue: $0.uppercased()) }),
           let until = r.header("x-amz-object-lock-retain-until-date").flatMap(ISO8601Time.parse) {
            retention = Retention(mode: mode, until: until)
        }
        var meta: [String: String] = [:]
        for (name, value) in r.headers where name.lowercased().hasPrefix("x-amz-meta-") {
            meta[String(name.lowercased().dropFirst("x-amz-meta-".count))] = value
        }
        return ObjectHead(size: size, etag: r.header("ETag") ?? "", versionID: r.header("x-amz-version-id"), retention: retention,
                          legalHold: r.header("x-amz-object-lock-legal-hold")?.uppercased() == "ON",
                          lastModified: r.header("Last-Modified"), metadata: meta)
    }

    /// GetObject streamed into `sink`.
    public func get(_ location: S3Location, versionID: String? = nil, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        try send("GetObject", method: "GET", location, query: versionID.map { [("versionId", $0)] } ?? [], sink: sink)
    }

    /// GetObject of a small object (a sidecar, an anchor), at most `limit` bytes.
    public func getSmall(_ location: S3Location, limit: Int = 1 << 20) throws -> [UInt8]? {
        do { return try send("GetObject", method: "GET", location, limit: limit).body } catch let e as S3Error where e.httpStatus == 404 {
            return nil
        }
    }

    /// PutObjectRetention on one version (a retention can be lengthened, never shortened under COMPLIANCE).
    public func setRetention(_ location: S3Location, versionID: String?, _ retention: Retention) throws {
        let body = Array(("<Retention xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Mode>\(retention.mode.rawValue)</Mode>"
                          + "<RetainUntilDate>\(ISO8601Time.format(retention.until))</RetainUntilDate></Retention>").utf8)
        try send("PutObjectRetention", method: "PUT", location, query: [("retention", "")] + (versionID.map { [("versionId", $0)] } ?? []),
                 headers: [("Content-MD5", try Self.contentMD5(body))], body: body)
    }

    /// PutObjectLegalHold ON or OFF on one version.
    public func setLegalHold(_ location: S3Location, versionID: String?, on: Bool) throws {
        let body = Array(("<LegalHold xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>\(on ? "ON" : "OFF")</Status></LegalHold>").utf8)
        try send("PutObjectLegalHold", method: "PUT", location, query: [("legal-hold", "")] + (versionID.map { [("versionId", $0)] } ?? []),
                 headers: [("Content-MD5", try Self.contentMD5(body))], body: body)
    }

    /// GetObjectLegalHold: some gateways leave the legal hold out of HEAD.
    public func legalHold(_ location: S3Location, versionID: String?) throws -> Bool {
        do {
            let r = try send("GetObjectLegalHold", method: "GET", location, query: [("legal-hold", "")] + (versionID.map { [("versionId", $0)] } ?? []))
            return XMLScan.value("Status", in: String(decoding: r.body, as: UTF8.self))?.uppercased() == "ON"
        } catch let e as S3Error where e.httpStatus == 404 || e.code == "InvalidRequest" {
            // No hold was ever set (404), or the bucket has no Object Lock (RGW: 400 InvalidRequest,
            // "bucket object lock not configured"): either way there is no legal hold.
            return false
        }
    }

    /// ListObjectsV2 under a prefix, every page.
    public func list(_ location: S3Location, limit: Int = 100_000) throws -> [ObjectSummary] {
        var out: [ObjectSummary] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", location.key)]
            if let token { query.append(("continuation-token", token)) }
            let r = try send("ListObjectsV2", method: "GET", S3Location(bucket: location.bucket, key: ""), query: query, limit: 16 << 20)
            let xml = String(decoding: r.body, as: UTF8.self)
            for block in XMLScan.blocks("Contents", in: xml) {
                guard let key = XMLScan.value("Key", in: block) else { continue }
                out.append(ObjectSummary(key: key, size: XMLScan.value("Size", in: block).flatMap { UInt64($0) } ?? 0,
                                         etag: XMLScan.value("ETag", in: block) ?? "", lastModified: XMLScan.value("LastModified", in: block) ?? ""))
            }
            token = XMLScan.value("IsTruncated", in: xml) == "true" ? XMLScan.value("NextContinuationToken", in: xml) : nil
        } while token != nil && out.count < limit
        return out
    }
}
