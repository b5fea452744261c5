import Foundation
import Testing
import ObjectStore
import Custody
import TestSupport

/// The local Ceph RADOS Gateway tools/test starts (tools/ceph-test-cluster), found through
/// `SDCUSTODY_TEST_S3_ENDPOINT`, `_ACCESS_KEY` and `_SECRET_KEY`.
enum CephCluster {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var endpointURL: String? { environment["SDCUSTODY_TEST_S3_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } }
    static var available: Bool { endpointURL != nil && environment["SDCUSTODY_TEST_S3_SECRET_KEY"] != nil }

    static var credentials: SigV4Credentials {
        SigV4Credentials(accessKeyID: environment["SDCUSTODY_TEST_S3_ACCESS_KEY"] ?? "",
                         secretAccessKey: environment["SDCUSTODY_TEST_S3_SECRET_KEY"] ?? "")
    }

    static func client() throws -> S3Client {
        guard let url = endpointURL, let e = S3Endpoint(url: url, region: "us-east-1", credentials: credentials) else {
            throw CocoaError(.featureUnsupported)
        }
        return try S3Client(endpoint: e)
    }

    /// What the sdcustody binary and boto3 need to reach the cluster.
    static var clientEnvironment: [String: String] {
        ["SDCUSTODY_S3_ENDPOINT": endpointURL ?? "", "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
         "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey, "AWS_REGION": "us-east-1",
         "AWS_ENDPOINT_URL": endpointURL ?? ""]
    }

    /// A new bucket with Object Lock, named for one test.
    static func newBucket(_ label: String) throws -> String {
        let name = "t-\(label)-\(UInt32.random(in: 0...UInt32.max))"
        try client().createLockedBucket(name)
        return name
    }

    /// A python3 that has boto3 (tools/setup pip-installs it for the python3 on PATH, which may not
    /// be Debian's).
    static let boto3Python: String? = {
        for candidate in [TestEnvironment.which("python3"), "/usr/bin/python3"].compactMap({ $0 }) {
            if let r = try? runProcess([candidate, "-c", "import boto3"]), r.status == 0 { return candidate }
        }
        return nil
    }()

    /// Runs a boto3 script with `BUCKET` and the cluster's variables; returns (status, stdout).
    static func boto3(_ script: String, bucket: String) throws -> ProcessResult {
        let python = boto3Python ?? "python3"
        let prelude = """
        import os, sys, json, boto3, botocore
        s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1",
                          config=botocore.config.Config(s3={"addressing_style": "path"}))
        BUCKET = os.environ["BUCKET"]

        """
        return try runProcess([python, "-c", prelude + script], environment: clientEnvironment.merging(["BUCKET": bucket]) { $1 })
    }
}

/// A sealed archive of a small bag (with a payload of `payloadBytes` pseudo-random bytes) and its
/// sidecar, sealed for a new X25519 key, case and exhibit in its External-Identifier.
func makeSealedArchive(in dir: TemporaryDirectory, name: String = "exhibit.age", payloadBytes: Int = 4096,
                       caseID: String = "K-17", exhibit: String = "E-1", seed: UInt64 = 17) throws -> String {
    let bag = dir.path("bag-\(name)")
    let writer = try BagWriter(destination: bag, algorithms: [.sha256], softwareAgent: "sdcustody-test")
    try writer.addInfo("External-Identifier", "case \(caseID), exhibit \(exhibit)")
    let file = try writer.beginFile(relativePath: "card/DCIM/CLIP0001.MP4")
    var rng = SplitMix64(seed: seed)
    var left = payloadBytes
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while left > 0 {
        let n = min(left, chunk.count)
        for i in 0..<n { chunk[i] = UInt8(truncatingIfNeeded: rng.next()) }
        try file.write(Array(chunk[0..<n]))
        left -= n
    }
    _ = try file.finish()
    _ = try writer.finish()
    let recipient = try X25519Identity.generate().recipient
    let out = dir.path(name)
    _ = try Sealing.seal(bag: bag, out: out, recipients: [recipient], recipientLabels: Sealing.recipientLabels([recipient]))
    return out
}
