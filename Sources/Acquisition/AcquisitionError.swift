/// Why an acquisition stopped. One line each, for stderr.
public enum AcquisitionError: Error, CustomStringConvertible, Equatable {
    case outputExists(String)
    case outputOnSource(String)
    case writeFailed(String, String)
    case unreadableSector(offset: UInt64, reason: String)
    case sourceShrank(expected: UInt64, got: UInt64)
    case interrupted(bytesDone: UInt64)
    case readBackFailed(String, String)
    case tooManyParts(Int)

    public var description: String {
        switch self {
        case .outputExists(let p): return "\(p) already exists; sdcustody never overwrites an image"
        case .outputOnSource(let p): return "\(p) is on the card being imaged; write the image to another disk"
        case let .writeFailed(p, why): return "cannot write \(p): \(why)"
        case let .unreadableSector(offset, why):
            return "unreadable sector at byte \(offset) (\(why)); stopped because of --no-zero-fill"
        case let .sourceShrank(expected, got): return "the source ended at byte \(got), \(expected) expected (card removed?)"
        case .interrupted(let done): return "interrupted after \(done) bytes"
        case let .readBackFailed(p, why): return "cannot re-read \(p) to check it: \(why)"
        case .tooManyParts(let n): return "--split would make \(n) parts; at most \(ImageWriter.maxParts) are allowed (choose a larger size)"
        }
    }
}
