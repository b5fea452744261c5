import Foundation
import Testing
import ObjectStore
import OpenSSL
import Custody
import TestSupport

/// Against the real engine: Ceph's RADOS Gateway, started by tools/test (tools/ceph-test-cluster).
/// boto3 is the independent client: what it sees and what the store refuses it.
@Suite("S3 store on a local Ceph RGW", .serialized,
       .requires("a local Ceph RGW (tools/ceph-test-cluster, started by tools/test)", available: CephCluster.available),
       .requires("boto3 (PyPI; tools/setup installs it)", available: CephCluster.boto3Python != nil))
struct CephStoreTests {
    var binary: String { TestEnvironment.sdcustodyBinary?.path ?? "sdcustody" }

    func sdcustody(_ args: [String], _ dir: TemporaryDirectory) throws -> ProcessResult {
        try runProcess([binary] + args, environment: CephCluster.clientEnvironment.merging([
            "SDCUSTODY_LOG": dir.path("access.jsonl"), "SDCUSTODY_KEY": dir.path("signing-key.pem"),
        ]) { $1 })
    }

    @Test("put, verify, get round trip through the CLI; the log records the read-back, never the secret",
          .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func roundTrip() throws {
        let dir = try TemporaryDirectory("store-roundtrip")
        defer { dir.remove() }
        let archive = try makeSealedArchive(in: dir)
        let bucket = try CephCluster.newBucket("rt")
        let put = try sdcustody(["store", "put", archive, "s3://\(bucket)/ward-1/", "--retain-days", "1", "--json"], dir)
        #expect(put.status == 0, "\(put.stderrText)")
        #expect(put.stdoutText.contains("\"retention_mode\":\"COMPLIANCE\""))
        let verify = try sdcustody(["store", "verify", "s3://\(bucket)/ward-1/exhibit.age"], dir)
        #expect(verify.status == 0, "\(verify.stderrText)")
        #expect(verify.stdoutText.contains("COMPLIANCE"))
        let get = try sdcustody(["store", "get", "s3://\(bucket)/ward-1/exhibit.age", "--out", dir.path("back.age")], dir)
        #expect(get.status == 0, "\(get.stderrText)")
        #expect(FileManager.default.contentsEqual(atPath: archive, andPath: dir.path("back.age")))
        #expect(FileManager.default.fileExists(atPath: dir.path("back.age.json")))
        // A second get never overwrites.
        let again = try sdcustody(["store", "get", "s3://\(bucket)/ward-1/exhibit.age", "--out", dir.path("back.age")], dir)
        #expect(again.status == 2)

        let log = try String(contentsOfFile: dir.path("access.jsonl"), encoding: .utf8)
        #expect(log.contains("\"action\":\"store-put\""))
        #expect(log.contains("version_id"))
        #expect(log.contains("retain_until"))
        #expect(!log.contains(CephCluster.credentials.secretAccessKey))

        // The same archive again is recognised; a different one under the same key is refused.
        let same = try sdcustody(["store", "put", archive, "s3://\(bucket)/ward-1/", "--no-anchor", "--json"], dir)
        #expect(same.status == 0)
        #expect(same.stdoutText.contains("\"already_stored\":true"))
        let otherDir = try TemporaryDirectory("store-other")
        defer { otherDir.remove() }
        let other = try makeSealedArchive(in: otherDir, seed: 99)
        let refused = try sdcustody(["store", "put", other, "s3://\(bucket)/ward-1/exhibit.age", "--no-anchor"], dir)
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("never overwritten"))
        #expect(refused.stderrText.split(separator: "\n").count == 1)
    }

    @Test("a multipart upload streamed in parts, each with Content-MD5, verifies")
    func multipart() throws {
        let dir = try TemporaryDirectory("store-multipart")
        defer { dir.remove() }
        let archive = try makeSealedArchive(in: dir, payloadBytes: 12 << 20)
        let bucket = try CephCluster.newBucket("mp")
        var store = ArchiveStore(client: try CephCluster.client())
        store.partSize = 5 << 20
        let put = try store.put(archive: archive, to: S3Location(bucket: bucket, key: "x"), retention: nil, legalHold: false)
        #expect(put.parts == 3)
        #expect(put.head.size == put.size)
        let v = try store.verify(put.archive)
        #expect(v.isValid, "\(v.problems)")
        #expect(v.sha256 == put.sha256)

        // One byte changed in the middle of a large archive: found on the way up, before the
        // upload is completed, so no object is ever made.
        let bad = try makeSealedArchive(in: dir, name: "bad.age", payloadBytes: 12 << 20, seed: 5)
        let fd = open(bad, O_RDWR)
        #expect(fd >= 0)
        var byte: UInt8 = 0
        _ = pread(fd, &byte, 1, 7 << 20)
        byte ^= 0xFF
        _ = pwrite(fd, &byte, 1, 7 << 20)
        close(fd)
        let badKey = S3Location(bucket: bucket, key: "x/bad.age")
        #expect { try store.put(archive: bad, to: badKey, retention: nil, legalHold: false) } throws: { error in
            (error as? CustodyError)?.status == 1
        }
        #expect(try store.client.head(badKey) == nil)
    }

    @Test("a bucket without Object Lock still takes an archive, and shows no retention or hold")
    func plainBucket() throws {
        let dir = try TemporaryDirectory("store-plain")
        defer { dir.remove() }
        let archive = try makeSealedArchive(in: dir)
        let client = try CephCluster.client()
        let bucket = "t-plain-\(UInt32.random(in: 0...UInt32.max))"
        try client.send("CreateBucket", method: "PUT", S3Location(bucket: bucket, key: ""))
        #expect(try client.objectLockEnabled(bucket) == false)
        let put = try ArchiveStore(client: client).put(archive: archive, to: S3Location(bucket: bucket, key: "p"), retention: nil, legalHold: false)
        #expect(put.head.retention == nil)
        #expect(!put.head.legalHold)
        #expect(try ArchiveStore(client: client).verify(put.archive).isValid)
    }

    @Test("boto3 cannot delete a locked version; a legal hold outlives its retention date")
    func lockedVersionsStay() throws {
        let dir = try TemporaryDirectory("store-lock")
        defer { dir.remove() }
        let archive = try makeSealedArchive(in: dir)
        let bucket = try CephCluster.newBucket("lock")
        let store = ArchiveStore(client: try CephCluster.client())
        // Retention ends in three seconds; the legal hold has no date.
        let until = ISO8601Time.now() + 3
        let put = try store.put(archive: archive, to: S3Location(bucket: bucket, key: "held"),
                                retention: Retention(mode: .governance, until: until), legalHold: true)
        #expect(put.head.legalHold)
        let delete = """
        key, version = sys.argv[1], sys.argv[2]
        try:
            s3.delete_object(Bucket=BUCKET, Key=key, VersionId=version)
            print("deleted")
        except botocore.exceptions.ClientError as e:
            print("refused", e.response["Error"]["Code"])
        """
        func tryDelete() throws -> String {
            let python = CephCluster.boto3Python ?? "python3"
            let r = try runProcess([python, "-c", "import os, sys, boto3, botocore\ns3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'], region_name='us-east-1', config=botocore.config.Config(s3={'addressing_style': 'path'}))\nBUCKET = os.environ['BUCKET']\n" + delete,
                                    put.archive.key, put.head.versionID ?? ""],
                                   environment: CephCluster.clientEnvironment.merging(["BUCKET": bucket]) { $1 })
            return r.stdoutText + r.stderrText
        }
        #expect(try tryDelete().contains("refused"))
        // Past the retention date the hold alone still keeps the version.
        while ISO8601Time.now() <= until + 1 { usleep(250_000) }
        #expect(try tryDelete().contains("refused"))
        _ = try store.setLegalHold(put.archive, on: false)
        #expect(try tryDelete().contains("deleted"))
    }

    @Test("a body changed in transit is refused by the store (signed payload hash, Content-MD5)")
    func changedInTransit() throws {
        let client = try CephCluster.client()
        let bucket = try CephCluster.newBucket("transit")
        let body = Array("the archive as it left the laptop".utf8)
        var changed = body
        changed[4] ^= 0x01
        let target = S3Location(bucket: bucket, key: "tampered.age")
        // Signed over the original bytes, carrying one flipped bit.
        #expect {
            try client.send("PutObject", method: "PUT", target, headers: [("Content-MD5", try S3Client.contentMD5(body))],
                            body: changed, payloadHash: try Digest.hash(.sha256, body).hex)
        } throws: { error in
            guard let e = error as? S3Error else { return false }
            return e.httpStatus == 400 && ["XAmzContentSHA256Mismatch", "BadDigest"].contains(e.code ?? "")
        }
        // Only the MD5 wrong: refused too.
        #expect(throws: S3Error.self) {
            try client.send("PutObject", method: "PUT", target, headers: [("Content-MD5", try S3Client.contentMD5(body))],
                            body: changed, payloadHash: try Digest.hash(.sha256, changed).hex)
        }
        #expect(try client.head(target) == nil)
    }

    @Test("store ls lists what boto3 sees", .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func listingMatchesBoto3() throws {
        let dir = try TemporaryDirectory("store-ls")
        defer { dir.remove() }
        let bucket = try CephCluster.newBucket("ls")
        for (i, name) in ["a.age", "b.age", "c.age"].enumerated() {
            let archive = try makeSealedArchive(in: dir, name: name, exhibit: "E-\(i)", seed: UInt64(i))
            let r = try sdcustody(["store", "put", archive, "s3://\(bucket)/ward/", "--retain-days", "1", "--no-anchor"], dir)
            #expect(r.status == 0, "\(r.stderrText)")
        }
        let ls = try sdcustody(["store", "ls", "s3://\(bucket)/ward", "--json"], dir)
        #expect(ls.status == 0, "\(ls.stderrText)")
        let boto = try CephCluster.boto3("""
        out = []
        for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="ward/")["Contents"]:
            if not o["Key"].endswith(".age"): continue
            h = s3.head_object(Bucket=BUCKET, Key=o["Key"])
            out.append({"key": o["Key"], "size": o["Size"], "exhibit": h["Metadata"].get("exhibit"),
                        "sha256": h["Metadata"].get("sha256"), "retention_mode": h.get("ObjectLockMode"),
                        "retain_until": h["ObjectLockRetainUntilDate"].strftime("%Y-%m-%dT%H:%M:%SZ")})
        print(json.dumps(out))
        """, bucket: bucket)
        #expect(boto.status == 0, "\(boto.stderrText)")
        let ours = try #require(try JSONSerialization.jsonObject(with: ls.stdout) as? [String: Any])["archives"] as? [[String: Any]]
        let theirs = try #require(try JSONSerialization.jsonObject(with: boto.stdout) as? [[String: Any]])
        #expect(ours?.count == 3)
        #expect(ours?.count == theirs.count)
        for (a, b) in zip(ours ?? [], theirs) {
            for field in ["key", "exhibit", "sha256", "retention_mode", "retain_until"] {
                #expect(a[field] as? String == b[field] as? String, "\(field)")
            }
            #expect(a["size"] as? Int == b["size"] as? Int)
        }
    }

    @Test("log verify --anchors fails, naming the anchor and the entry, once the log is rewritten and re-signed",
          .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func anchorsCatchARewrittenLog() throws {
        let dir = try TemporaryDirectory("store-anchor")
        defer { dir.remove() }
        let bucket = try CephCluster.newBucket("anchor")
        let log = AccessLog(path: dir.path("access.jsonl"), keyPath: dir.path("signing-key.pem"))
        func record(_ operatorName: String) -> AccessRecord {
            AccessRecord(action: "export", operatorName: operatorName, host: "laptop", toolVersion: "test", commandLine: ["sdcustody"],
                         source: nil, outputs: [], caseID: "K-1", exhibit: "E-1", outcome: .ok, details: [:])
        }
        for name in ["officer", "officer", "officer"] { _ = try log.append(record(name)) }
        let anchored = try sdcustody(["store", "anchor", "s3://\(bucket)/anchors/laptop"], dir)
        #expect(anchored.status == 0, "\(anchored.stderrText)")
        let ok = try sdcustody(["log", "verify", "--anchors", "s3://\(bucket)/anchors/laptop"], dir)
        #expect(ok.status == 0, "\(ok.stderrText)")

        // Whoever holds the laptop rewrites entry 2 and signs the whole log again with its key.
        try FileManager.default.removeItem(atPath: dir.path("access.jsonl"))
        for name in ["officer", "someone else", "officer"] { _ = try log.append(record(name)) }
        #expect(try log.verify().isValid)  // on its own the rewritten log is consistent
        let caught = try sdcustody(["log", "verify", "--anchors", "s3://\(bucket)/anchors/laptop"], dir)
        #expect(caught.status == 1)
        #expect(caught.stderrText.contains("anchor-000000000003"))
        #expect(caught.stderrText.contains("entry 3"))

        // The anchor itself is under COMPLIANCE retention: boto3 cannot delete it.
        let list = try CephCluster.client().list(S3Location(bucket: bucket, key: "anchors/laptop/"))
        let key = try #require(list.first?.key)
        let deletion = try CephCluster.boto3("""
        v = s3.head_object(Bucket=BUCKET, Key=sys.argv[1])["VersionId"]
        try:
            s3.delete_object(Bucket=BUCKET, Key=sys.argv[1], VersionId=v, BypassGovernanceRetention=True); print("deleted")
        except botocore.exceptions.ClientError as e:
            print("refused")
        """.replacingOccurrences(of: "sys.argv[1]", with: "'\(key)'"), bucket: bucket)
        #expect(deletion.stdoutText.contains("refused"), "\(deletion.stderrText)")
    }

    @Test("an unreachable endpoint is one line on stderr and exit 2",
          .requires("the built sdcustody binary", available: TestEnvironment.sdcustodyBinary != nil))
    func unreachable() throws {
        let dir = try TemporaryDirectory("store-unreachable")
        defer { dir.remove() }
        let r = try runProcess([binary, "store", "ls", "s3://evidence/x", "--endpoint", "http://127.0.0.1:9"],
                               environment: CephCluster.clientEnvironment.merging(["SDCUSTODY_LOG": dir.path("log.jsonl")]) { $1 })
        #expect(r.status == 2)
        #expect(r.stderrText.split(separator: "\n").count == 1)
        #expect(r.stderrText.contains("127.0.0.1:9"))
        #expect(!r.stderrText.contains(CephCluster.credentials.secretAccessKey))
    }
}
