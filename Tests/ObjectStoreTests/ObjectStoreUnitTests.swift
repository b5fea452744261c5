import Foundation
import Testing
import ObjectStore
import Custody
import TestSupport

@Suite("ObjectStore parsers and configuration")
struct ObjectStoreUnitTests {
    @Test func isoTimes() {
        #expect(ISO8601Time.parse("2027-03-31") == 1_806_451_200)
        #expect(ISO8601Time.parse("2027-03-31T00:00:00Z") == 1_806_451_200)
        #expect(ISO8601Time.parse("2027-03-31T00:00:00.000Z") == 1_806_451_200)
        #expect(ISO8601Time.format(1_806_451_200) == "2027-03-31T00:00:00Z")
        for bad in ["2027-02-30", "2027-13-01", "2027-03-31T24:00:00Z", "2027-03-31T00:00:00", "27-03-31", "", "2027-03-31T00:00:00+09:00"] {
            #expect(ISO8601Time.parse(bad) == nil, "\(bad)")
        }
        #expect(SigV4Signer.amzDate(1_440_938_160) == "20150830T123600Z")
    }

    @Test func locations() {
        #expect(S3Location("s3://evidence/ward1/a.age") == S3Location(bucket: "evidence", key: "ward1/a.age"))
        #expect(S3Location("s3://evidence") == S3Location(bucket: "evidence", key: ""))
        #expect(S3Location("s3://evidence/ward1")?.appending("a.age").key == "ward1/a.age")
        #expect(S3Location("s3://evidence/ward1/")?.appending("a.age").key == "ward1/a.age")
        for bad in ["http://evidence/x", "s3://", "s3://ab", "s3://Upper/x", "s3://evi dence/x", "s3://evidence/a\u{1}b"] {
            #expect(S3Location(bad) == nil, "\(bad)")
        }
        #expect(ArchiveStore.destinationKey(archive: "/tmp/x/a.age", destination: S3Location(bucket: "b12", key: "p")).key == "p/a.age")
        #expect(ArchiveStore.destinationKey(archive: "/tmp/x/a.age", destination: S3Location(bucket: "b12", key: "p/other.age")).key == "p/other.age")
    }

    @Test func endpoints() {
        let c = SigV4Credentials(accessKeyID: "AK", secretAccessKey: "SECRET")
        let e = S3Endpoint(url: "https://S3.Example.org:443/gw/", region: "ap-northeast-1", credentials: c)
        #expect(e?.authority == "s3.example.org")
        #expect(e?.basePath == "/gw")
        #expect(S3Endpoint(url: "http://127.0.0.1:7480", region: "x", credentials: c)?.authority == "127.0.0.1:7480")
        for bad in ["ftp://h", "http://", "http://user:pw@h", "h:80", "http://h/?x"] {
            #expect(S3Endpoint(url: bad, region: "x", credentials: c) == nil, "\(bad)")
        }
        // Printing credentials or an endpoint never shows the secret.
        #expect(!"\(c)".contains("SECRET"))
        #expect(!"\(String(describing: e))".contains("SECRET"))
    }

    @Test func xml() {
        let doc = "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a &amp; b.age</Key><Size>3</Size></Contents>"
            + "<Contents><Key>&#x65E5;.age</Key><Size>4</Size></Contents></ListBucketResult>"
        let blocks = XMLScan.blocks("Contents", in: doc)
        #expect(blocks.count == 2)
        #expect(XMLScan.value("Key", in: blocks[0]) == "a & b.age")
        #expect(XMLScan.value("Key", in: blocks[1]) == "日.age")
        #expect(XMLScan.value("Missing", in: doc) == nil)
        #expect(XMLScan.decodeEntities(XMLScan.escape("<a & b>")) == "<a & b>")
    }

    @Test("the profile file and the environment, as the AWS tools read them")
    func configuration() throws {
        let dir = try TemporaryDirectory("store-config")
        defer { dir.remove() }
        try """
        # comment
        [default]
        aws_access_key_id = DEFAULTKEY
        aws_secret_access_key = defaultsecret
        [ward]
        aws_access_key_id=WARDKEY
        aws_secret_access_key=wardsecret
        """.write(toFile: dir.path("credentials"), atomically: true, encoding: .utf8)
        try "[profile ward]\nregion = ap-northeast-1\nendpoint_url = https://s3.ward.example\n"
            .write(toFile: dir.path("config"), atomically: true, encoding: .utf8)
        let base = ["HOME": dir.path("nohome"), "AWS_SHARED_CREDENTIALS_FILE": dir.path("credentials"), "AWS_CONFIG_FILE": dir.path("config")]
        let ward = try StoreConfiguration(endpoint: nil, profile: "ward", caFile: nil, environment: base).endpoint()
        #expect(ward.credentials.accessKeyID == "WARDKEY")
        #expect(ward.region == "ap-northeast-1")
        #expect(ward.description == "https://s3.ward.example")
        let def = try StoreConfiguration(endpoint: "http://127.0.0.1:9000", profile: nil, caFile: nil, environment: base).endpoint()
        #expect(def.credentials.accessKeyID == "DEFAULTKEY")
        #expect(def.region == "us-east-1")
        var env = base
        env["AWS_ACCESS_KEY_ID"] = "ENVKEY"
        env["AWS_SECRET_ACCESS_KEY"] = "envsecret"
        env["AWS_REGION"] = "eu-west-1"
        env["AWS_ENDPOINT_URL"] = "http://aws-endpoint:1"
        env["SDCUSTODY_S3_ENDPOINT"] = "http://ours:2"
        let e = try StoreConfiguration(endpoint: nil, profile: "ward", caFile: nil, environment: env).endpoint()
        #expect(e.credentials.accessKeyID == "ENVKEY")
        #expect(e.region == "eu-west-1")
        #expect(e.description == "http://ours:2")
        #expect(throws: CustodyError.self) {
            try StoreConfiguration(endpoint: nil, profile: "nobody", caFile: nil, environment: base).endpoint()
        }
        #expect(throws: CustodyError.self) {
            try StoreConfiguration(endpoint: "not a url", profile: nil, caFile: nil, environment: base).endpoint()
        }
    }

    @Test func anchorDocuments() throws {
        let a = LogAnchoring.Anchor(seq: 7, sha256: String(repeating: "ab", count: 32), key: String(repeating: "01", count: 32),
                                    time: "2026-12-01T00:00:00Z", host: "laptop")
        #expect(LogAnchoring.Anchor.parse(a.json.bytes(pretty: true)) == a)
        #expect(LogAnchoring.fingerprint(a.key).hasPrefix("SHA256:"))
        #expect(LogAnchoring.Anchor.parse(Array("{\"format\":\"sdcustody-log-anchor/1\",\"seq\":1,\"sha256\":\"zz\",\"key\":\"k\"}".utf8)) == nil)
    }

    @Test("hostile bytes never crash the parsers (seeded)")
    func fuzz() {
        var rng = SplitMix64(seed: 0x5173)
        let alphabet = Array("<>/&;#x0123456789abcdefKeyContents-:TZ.s3 %\u{0}é".utf8)
        for _ in 0..<3000 {
            let n = Int(rng.next() % 96)
            let bytes = (0..<n).map { _ in rng.next() % 3 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = XMLScan.blocks("Contents", in: text).map { XMLScan.value("Key", in: $0) }
            _ = XMLScan.decodeEntities(text)
            _ = ISO8601Time.parse(text)
            _ = S3Location("s3://" + text)
            _ = S3Endpoint(url: "http://" + text, region: "r", credentials: SigV4Credentials(accessKeyID: "a", secretAccessKey: "b"))
            _ = LogAnchoring.Anchor.parse(bytes)
            // Encoding is reversible whatever the text.
            #expect(URIEncoding.decode(URIEncoding.encode(text, keepSlash: true)) == text)
        }
    }
}
