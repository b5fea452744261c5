import Foundation
import Testing
import ObjectStore
import OpenSSL
import Codecs
import TestSupport

/// Every case of the AWS SigV4 test suite (aws-c-auth's `v4` folder in ../shared/testdata/sigv4):
/// canonical request, string to sign and signature, for header signing and for presigned queries.
@Suite("SigV4 test suite", .requiresSharedTestData("sigv4/v4"))
struct SigV4SuiteTests {
    static var caseNames: [String] {
        guard let root = TestEnvironment.sharedTestData?.appendingPathComponent("sigv4/v4") else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
    }

    @Test("the suite has its 38 cases")
    func suiteIsComplete() {
        #expect(Self.caseNames.count >= 38)
    }

    @Test("header signing", arguments: caseNames)
    func headerSigning(_ name: String) throws {
        let c = try SuiteCase(name)
        let signed = try c.signer.signHeaders(c.request, at: c.timestamp, addContentSHA256: c.signBody)
        #expect(signed.canonicalRequest == c.text("header-canonical-request.txt"))
        #expect(signed.stringToSign == c.text("header-string-to-sign.txt"))
        #expect(signed.signature == c.text("header-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines))
        let authorization = signed.headers.first(where: { $0.name == "Authorization" })?.value
        #expect(c.text("header-signed-request.txt").contains("Authorization:" + (authorization ?? "-")))
    }

    @Test("presigned query", arguments: caseNames)
    func querySigning(_ name: String) throws {
        let c = try SuiteCase(name)
        let signed = try c.signer.presign(c.request, at: c.timestamp, expires: c.expires)
        #expect(signed.canonicalRequest == c.text("query-canonical-request.txt"))
        #expect(signed.stringToSign == c.text("query-string-to-sign.txt"))
        #expect(signed.signature == c.text("query-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(c.text("query-signed-request.txt").contains("X-Amz-Signature=" + signed.signature))
    }
}

/// One folder of the suite: `request.txt` parsed as the raw HTTP request it is, `context.json`.
struct SuiteCase {
    let folder: URL
    let request: SigV4Request
    let signer: SigV4Signer
    let timestamp: Int64
    let expires: Int
    let signBody: Bool

    init(_ name: String) throws {
        guard let root = TestEnvironment.sharedTestData else { throw CocoaError(.fileNoSuchFile) }
        folder = root.appendingPathComponent("sigv4/v4/\(name)")
        let context = try JSONParser.parse(Array(try Data(contentsOf: folder.appendingPathComponent("context.json"))))
        let creds = context["credentials"]
        var signer = SigV4Signer(
            credentials: SigV4Credentials(accessKeyID: creds?["access_key_id"]?.stringValue ?? "",
                                          secretAccessKey: creds?["secret_access_key"]?.stringValue ?? "",
                                          sessionToken: creds?["token"]?.stringValue),
            region: context["region"]?.stringValue ?? "", service: context["service"]?.stringValue ?? "",
            normalizePath: context["normalize"]?.boolValue ?? true)
        signer.signSessionToken = !(context["omit_session_token"]?.boolValue ?? false)
        self.signer = signer
        signBody = context["sign_body"]?.boolValue ?? false
        expires = Int(context["expiration_in_seconds"]?.integerValue ?? 3600)
        timestamp = ISO8601Time.parse(context["timestamp"]?.stringValue ?? "") ?? 0
        request = try Self.parseRequest(Array(try Data(contentsOf: folder.appendingPathComponent("request.txt"))))
    }

    func text(_ file: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? "<missing \(file)>"
    }

    /// `METHOD PATH HTTP/1.1`, header lines (a line starting with white space continues the one
    /// before), an empty line, the body.
    static func parseRequest(_ bytes: [UInt8]) throws -> SigV4Request {
        let text = String(decoding: bytes, as: UTF8.self)
        let (head, body): (Substring, Substring) = {
            if let r = text.range(of: "\n\n") { return (text[..<r.lowerBound], text[r.upperBound...]) }
            return (Substring(text), "")
        }()
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let version = requestLine.range(of: " HTTP/", options: .backwards)
        else { throw CocoaError(.fileReadCorruptFile) }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<version.lowerBound])
        var path = target, query: [(name: String, value: String)] = []
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            for pair in target[target.index(after: q)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((URIEncoding.decode(String(parts[0])), parts.count > 1 ? URIEncoding.decode(String(parts[1])) : ""))
            }
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        let hash = try Digest.hash(.sha256, Array(body.utf8)).hex
        return SigV4Request(method: method, path: path, query: query, headers: headers, payloadHash: hash)
    }
}
