/// A short ASCII needle in bytes, compared byte for byte without making Strings: a settings
/// file's lines (Audit), the path of every file on a card (Recorders). `String.contains(String)`
/// goes through the string-processing searcher, which cost a sixth of `ls` on 10,000 files.
public enum ByteSearch {
    /// True when `needle` occurs in `bytes`. With `ignoringASCIICase`, ASCII letters of `bytes`
    /// are compared lower-cased, so `needle` must be lower-case.
    public static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: StaticString, ignoringASCIICase: Bool = false) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard n > 0 else { return true }
        guard bytes.count >= n else { return false }
        let w = UnsafeRawBufferPointer(start: needle.utf8Start, count: n)
        func at(_ i: Int) -> UInt8 {
            let b = bytes[i]
            return ignoringASCIICase && b >= 0x41 && b <= 0x5A ? b + 0x20 : b
        }
        var i = 0
        while i + n <= bytes.count {
            var j = 0
            while j < n, at(i + j) == w[j] { j += 1 }
            if j == n { return true }
            i += 1
        }
        return false
    }

    /// True when `needle` occurs in `text`'s UTF-8, compared byte for byte.
    public static func contains(_ text: String, _ needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { contains(UnsafeRawBufferPointer($0), needle) }
    }
}
