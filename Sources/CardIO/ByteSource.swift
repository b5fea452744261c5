/// A read-only, random-access run of bytes: an image file, a split image, a block device, a
/// partition inside one of those, or one file's content on a card.
///
/// Every source in sdcustody is opened read-only; nothing in this module can write.
/// Reads are positional, so a source can be shared by readers without a seek position.
public protocol ByteSource: AnyObject {
    /// Total length in bytes.
    var size: UInt64 { get }
    /// What to call this source in messages ("card.img", "/dev/sdb", "partition 1 of card.img").
    var name: String { get }
    /// Reads up to `buffer.count` bytes at `offset` into `buffer` and returns how many were read.
    /// Returns fewer only at the end of the source; throws on an I/O error.
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads exactly `count` bytes at `offset`, or throws `CardIOError.truncated` when the source
    /// ends first. `count` is the caller's bound: callers never pass a size taken from the card
    /// without clamping it.
    public func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        precondition(count >= 0, "negative read length")
        if count == 0 { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try bytes.withUnsafeMutableBytes { try readFully(at: offset, into: $0) }
        if got < count {
            throw CardIOError.truncated(source: name, offset: offset, wanted: UInt64(count), available: UInt64(got))
        }
        return bytes
    }

    /// Fills `buffer` as far as the source allows, looping over short reads; returns the byte count.
    public func readFully(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let (next, overflow) = offset.addingReportingOverflow(UInt64(done))
            if overflow { break }
            let n = try read(at: next, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            if n == 0 { break }
            done += n
        }
        return done
    }
}
