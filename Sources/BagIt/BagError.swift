#if canImport(Glibc)
import Glibc
#endif
import SystemIO
import Messages

/// Why writing a bag (or reading one of its files) failed. One line each, naming the file.
public enum BagError: Error, CustomStringConvertible, Equatable {
    /// A system call failed; `errno` is its error number.
    case io(operation: String, path: String, errno: Int32)
    /// The output folder already exists: outputs are never overwritten.
    case destinationExists(String)
    /// A relative path given by the caller is not a plain relative path (`..`, empty component,
    /// leading `/`, NUL, or a name the bag reserves).
    case unsafePath(String, reason: String)
    /// The same payload path or tag file was added twice.
    case duplicatePath(String)
    /// A bag-info label or value cannot be written (colon or line break in a label, and so on).
    case badMetadata(label: String, reason: String)
    /// The writer was used out of order (a file still open at `finish()`, a write after `finish()`).
    case misuse(String)
    /// A payload file re-read after writing did not hash to what was written.
    case verificationFailed(path: String, reason: String)
    /// A tag file is larger than the reader accepts.
    case tooLarge(path: String, limit: Int)
    /// A digest computation failed.
    case digest(String)
    /// bagit.txt declares a tag file encoding this tool cannot decode.
    case unsupportedEncoding(String)
    /// A tag file's bytes are not valid in the declared encoding.
    case undecodable(path: String, encoding: String)

    public var description: String {
        switch self {
        case let .io(operation, path, code):
            return "\(operation) \(BagError.quoted(path)): \(errnoText(code))"
        case let .destinationExists(path):
            return tr(.bcAlreadyExistsChooseANew, ["path": "\(BagError.quoted(path))"])
        case let .unsafePath(path, reason):
            return tr(.bcRefusingPath, ["path": "\(BagError.quoted(path))", "reason": "\(reason)"])
        case let .duplicatePath(path):
            return tr(.bcWasAddedToTheBag, ["path": "\(BagError.quoted(path))"])
        case let .badMetadata(label, reason):
            return tr(.bcBagInfoLabel, ["label": "\(BagError.quoted(label))", "reason": "\(reason)"])
        case let .misuse(what):
            return "bag writer misuse: \(what)"
        case let .verificationFailed(path, reason):
            return tr(.bcDidNotReadBackAs, ["path": "\(BagError.quoted(path))", "reason": "\(reason)"])
        case let .tooLarge(path, limit):
            return tr(.bcIsLargerThanBytes, ["path": "\(BagError.quoted(path))", "limit": "\(limit)"])
        case let .digest(message):
            return message
        case let .unsupportedEncoding(name):
            return tr(.bcTagFileEncodingIsNot, ["name": "\(BagError.quoted(name))"])
        case let .undecodable(path, encoding):
            return tr(.bcIsNotValid, ["path": "\(BagError.quoted(path))", "encoding": "\(encoding)"])
        }
    }

    /// Paths in messages are quoted with control characters escaped, so a hostile name cannot
    /// forge extra output lines (`quotedName`, the one rendering every module uses).
    public static func quoted(_ s: String) -> String { quotedName(s) }
}
