import CardIO
import Messages

/// Why a parser stopped: one line, fit for `unknownBecause`.
struct MediaParseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Positional reads over a `ByteSource` that count every byte and refuse to go past a budget,
/// so a parser cannot read a whole clip to find its header whatever the file claims.
final class BoundedReader {
    /// The limit: under 1 MiB per clip.
    static let defaultBudget = 1 << 20

    let source: ByteSource
    let size: UInt64
    let budget: Int
    private(set) var bytesRead = 0
    /// The file's first bytes, kept from the first read at offset 0 (the format sniff): the
    /// parsers then read their first headers from memory, not the card. Still counted.
    private var head: [UInt8] = []
    /// At most this many first bytes are kept.
    static let headLimit = 4096

    init(_ source: ByteSource, budget: Int = BoundedReader.defaultBudget) {
        self.source = source
        self.size = source.size
        self.budget = budget
    }

    var remainingBudget: Int { max(0, budget - bytesRead) }

    /// Up to `count` bytes at `offset`, fewer at the end of the source. Throws when the budget
    /// would be exceeded or the source fails.
    func read(at offset: UInt64, upTo count: Int) throws -> [UInt8] {
        guard count > 0, offset < size else { return [] }
        let available = size - offset
        let n = Int(min(UInt64(count), available))
        guard n <= remainingBudget else {
            throw MediaParseError(tr(.mcReadBudgetOfBytesUsed, ["budget": "\(budget)", "offset": "\(offset)"]))
        }
        bytesRead += n
        if offset <= UInt64(head.count), n <= head.count - Int(offset) {
            return Array(head[Int(offset)..<(Int(offset) + n)])
        }
        var bytes = [UInt8](repeating: 0, count: n)
        let got: Int
        do {
            got = try bytes.withUnsafeMutableBytes { try source.readFully(at: offset, into: $0) }
        } catch {
            throw MediaParseError("\(error)")
        }
        if got < n { bytes.removeLast(n - got) }
        if offset == 0, head.isEmpty, bytes.count <= BoundedReader.headLimit { head = bytes }
        return bytes
    }

    /// Exactly `count` bytes at `offset`, or an error naming `what`.
    func read(at offset: UInt64, exactly count: Int, what: @autoclosure @escaping () -> String) throws -> LittleEndianReader {
        let bytes = try read(at: offset, upTo: count)
        guard bytes.count == count else {
            throw MediaParseError(tr(.mcAtByteIsCutOff, ["what": what(), "offset": "\(offset)"]))
        }
        return LittleEndianReader(bytes, what: what())
    }
}
