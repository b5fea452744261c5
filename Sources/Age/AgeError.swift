import Messages

/// Everything that can go wrong reading or writing an age file. The first five cases are the
/// outcomes of the age test kit (c2sp.org/CCTV/age), one to one; the rest are about the caller's own
/// keys and files. Messages never include key material or passphrases.
public enum AgeError: Error, Equatable, CustomStringConvertible {
    /// No identity given could unwrap any stanza: the wrong key or passphrase.
    case noMatch(String)
    /// The file key was found but the header MAC did not verify: the header was altered.
    case hmacFailure
    /// The header is malformed, or a stanza addressed to one of our identities is.
    case headerFailure(String)
    /// A payload chunk failed to authenticate, or the payload ends early or has trailing data.
    case payloadFailure(String)
    /// The ASCII armor around the file is not strict PEM.
    case armorFailure(String)
    /// A key, recipient, identity file or recipients file given by the user is invalid.
    case invalidKey(String)
    /// Reading the input or writing the output failed.
    case io(String)
    /// OpenSSL itself failed (not a property of the file).
    case crypto(String)

    /// The test kit's name for this outcome, or nil for the non-test-kit cases.
    public var testkitOutcome: String? {
        switch self {
        case .noMatch: return "no match"
        case .hmacFailure: return "HMAC failure"
        case .headerFailure: return "header failure"
        case .payloadFailure: return "payload failure"
        case .armorFailure: return "armor failure"
        case .invalidKey, .io, .crypto: return nil
        }
    }

    public var description: String {
        switch self {
        case .noMatch(let why): return tr(.ageNoMatch, ["why": why])
        case .hmacFailure: return tr(.ageHMACFailure)
        case .headerFailure(let why): return tr(.ageHeaderFailure, ["why": why])
        case .payloadFailure(let why): return tr(.agePayloadFailure, ["why": why])
        case .armorFailure(let why): return tr(.ageArmorFailure, ["why": why])
        case .invalidKey(let why): return why
        case .io(let why): return why
        case .crypto(let why): return tr(.ageCryptoFailure, ["why": why])
        }
    }
}
