/// The bag-info.txt labels an export writes after the three the bag writer adds itself
/// (`Bagging-Date`, `Payload-Oxum`, `Bag-Software-Agent`): RFC 8493 §2.2.2 reserved labels that
/// identify the bag, then sdcustody's own `SDCustody-*` labels (case, exhibit, the source's hash,
/// the camera, the clock offset, what could not be read, the time window).
///
/// bag-info.txt carries no format version of its own; the labels below are version 1's, and a
/// reader keeps every label it does not know out of these fields rather than failing on it (bags
/// may carry labels other tools added).
public struct ExportBagInfo: Equatable, Sendable {
    public var sourceOrganization: String
    public var contactName: String
    /// `case <ID>, exhibit <ID>`.
    public var externalIdentifier: String
    public var externalDescription: String
    public var caseID: String
    public var exhibit: String
    public var sourceSHA256: String?
    public var cameraID: String?
    public var location: String?
    /// `±HH:MM:SS`, or `not given`.
    public var clockOffset: String
    /// One per warning about the source (a truncated image, a card mounted read-write).
    public var sourceWarnings: [String]
    /// Present when the card could not be read completely (`--partial`).
    public var incomplete: String?
    /// `<from> to <to> (true time)`.
    public var timeWindow: String?
    /// One per file exported in part (`export --partial` of a damaged file): its card path, the
    /// bytes in the bag against the size its entry records, and why. Written last, only when
    /// there are any, so bags without damage keep version 1's labels exactly.
    public var incompleteFiles: [String] = []
    /// One per exported recording whose state is not `complete` (`recording`, `old`), issue 11;
    /// written only when there are some.
    public var recordingFlags: [String] = []
    /// One per find carved from unallocated clusters (`export --carve`, issue 12): stored path,
    /// type, image byte range; written only when there are some.
    public var carvedFinds: [String] = []

    public init(sourceOrganization: String, contactName: String, externalIdentifier: String, externalDescription: String,
                caseID: String, exhibit: String, sourceSHA256: String? = nil, cameraID: String? = nil, location: String? = nil,
                clockOffset: String, sourceWarnings: [String] = [], incomplete: String? = nil, timeWindow: String? = nil) {
        self.sourceOrganization = sourceOrganization
        self.contactName = contactName
        self.externalIdentifier = externalIdentifier
        self.externalDescription = externalDescription
        self.caseID = caseID
        self.exhibit = exhibit
        self.sourceSHA256 = sourceSHA256
        self.cameraID = cameraID
        self.location = location
        self.clockOffset = clockOffset
        self.sourceWarnings = sourceWarnings
        self.incomplete = incomplete
        self.timeWindow = timeWindow
    }

    public enum Label {
        public static let sourceOrganization = "Source-Organization"
        public static let contactName = "Contact-Name"
        public static let externalIdentifier = "External-Identifier"
        public static let externalDescription = "External-Description"
        public static let caseID = "SDCustody-Case"
        public static let exhibit = "SDCustody-Exhibit"
        public static let sourceSHA256 = "SDCustody-Source-SHA256"
        public static let cameraID = "SDCustody-Camera-ID"
        public static let location = "SDCustody-Location"
        public static let clockOffset = "SDCustody-Clock-Offset"
        public static let sourceWarning = "SDCustody-Source-Warning"
        public static let incomplete = "SDCustody-Incomplete"
        public static let timeWindow = "SDCustody-Time-Window"
        public static let incompleteFile = "SDCustody-Incomplete-File"
        public static let recordingFlag = "SDCustody-Recording-Flag"
        public static let carvedFind = "SDCustody-Carved"
    }

    /// The labels in the order version 1 writes them.
    public var elements: [(label: String, value: String)] {
        var out: [(label: String, value: String)] = [
            (Label.sourceOrganization, sourceOrganization),
            (Label.contactName, contactName),
            (Label.externalIdentifier, externalIdentifier),
            (Label.externalDescription, externalDescription),
            (Label.caseID, caseID),
            (Label.exhibit, exhibit),
        ]
        if let sourceSHA256 { out.append((Label.sourceSHA256, sourceSHA256)) }
        if let cameraID { out.append((Label.cameraID, cameraID)) }
        if let location { out.append((Label.location, location)) }
        out.append((Label.clockOffset, clockOffset))
        for w in sourceWarnings { out.append((Label.sourceWarning, w)) }
        if let incomplete { out.append((Label.incomplete, incomplete)) }
        if let timeWindow { out.append((Label.timeWindow, timeWindow)) }
        for f in incompleteFiles { out.append((Label.incompleteFile, f)) }
        for f in recordingFlags { out.append((Label.recordingFlag, f)) }
        for f in carvedFinds { out.append((Label.carvedFind, f)) }
        return out
    }

    /// Reads the labels back from a bag's elements (label, value in file order). Throws when a
    /// label this version always writes is missing, or a single-valued one appears twice.
    public static func read(_ elements: [(label: String, value: String)]) throws -> ExportBagInfo {
        let document = "bag-info.txt"
        func all(_ label: String) -> [String] { elements.filter { $0.label == label }.map(\.value) }
        func one(_ label: String) throws -> String? {
            let values = all(label)
            guard values.count <= 1 else {
                throw RecordError.invalid(document: document, field: label, reason: "appears \(values.count) times")
            }
            return values.first
        }
        func required(_ label: String) throws -> String {
            guard let v = try one(label) else { throw RecordError.missing(document: document, field: label) }
            return v
        }
        var info = ExportBagInfo(
            sourceOrganization: try required(Label.sourceOrganization), contactName: try required(Label.contactName),
            externalIdentifier: try required(Label.externalIdentifier),
            externalDescription: try required(Label.externalDescription),
            caseID: try required(Label.caseID), exhibit: try required(Label.exhibit),
            sourceSHA256: try one(Label.sourceSHA256), cameraID: try one(Label.cameraID), location: try one(Label.location),
            clockOffset: try required(Label.clockOffset), sourceWarnings: all(Label.sourceWarning),
            incomplete: try one(Label.incomplete), timeWindow: try one(Label.timeWindow))
        info.incompleteFiles = all(Label.incompleteFile)
        info.recordingFlags = all(Label.recordingFlag)
        info.carvedFinds = all(Label.carvedFind)
        return info
    }

    public static func == (a: ExportBagInfo, b: ExportBagInfo) -> Bool {
        a.elements.elementsEqual(b.elements, by: { $0.label == $1.label && $0.value == $1.value })
    }
}
