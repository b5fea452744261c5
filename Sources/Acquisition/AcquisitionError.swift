import Messages
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
        case .outputExists(let p): return tr(.errAcqOutputExists, ["path": p])
        case .outputOnSource(let p): return tr(.errAcqOutputOnSource, ["path": p])
        case let .writeFailed(p, why): return tr(.errAcqWriteFailed, ["path": p, "reason": why])
        case let .unreadableSector(offset, why):
            return tr(.errAcqUnreadableSector, ["offset": String(offset), "reason": why])
        case let .sourceShrank(expected, got): return tr(.errAcqSourceShrank, ["got": String(got), "expected": String(expected)])
        case .interrupted(let done): return tr(.errAcqInterrupted, ["bytes": String(done)])
        case let .readBackFailed(p, why): return tr(.errAcqReadBackFailed, ["path": p, "reason": why])
        case .tooManyParts(let n): return tr(.errAcqTooManyParts, ["count": String(n), "max": String(ImageWriter.maxParts)])
        }
    }
}
