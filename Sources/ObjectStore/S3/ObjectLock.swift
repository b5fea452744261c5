/// S3 Object Lock (Amazon S3 User Guide, "Locking objects with Object Lock"): a version kept
/// WORM until a date under GOVERNANCE (users with `s3:BypassGovernanceRetention` may shorten it)
/// or COMPLIANCE (nobody, not even the bucket owner), and a legal hold without a date.
public enum LockMode: String, Sendable, CaseIterable {
    case governance = "GOVERNANCE"
    case compliance = "COMPLIANCE"
}

public struct Retention: Sendable, Equatable {
    public var mode: LockMode
    /// Seconds since 1970, UTC.
    public var until: Int64

    public init(mode: LockMode, until: Int64) {
        self.mode = mode
        self.until = until
    }
}

/// What HEAD says about one object version.
public struct ObjectHead: Sendable {
    public var size: UInt64
    public var etag: String
    public var versionID: String?
    public var retention: Retention?
    public var legalHold: Bool
    public var lastModified: String?
    /// `x-amz-meta-*`, names lower-cased without the prefix.
    public var metadata: [String: String]
}

/// One entry of ListObjectsV2.
public struct ObjectSummary: Sendable, Equatable {
    public var key: String
    public var size: UInt64
    public var etag: String
    public var lastModified: String
}
