/// A GUID as EFI stores it (UEFI spec Appendix A): the first three fields little-endian, the last
/// eight bytes in order. Shown in the registry form "C12A7328-F81F-11D2-BA4B-00A0C93EC93B".
struct GUID: Equatable, Hashable, CustomStringConvertible {
    /// The 16 bytes as stored on disk.
    let bytes: [UInt8]

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// Parses the registry form; nil when it is not 32 hex digits in 8-4-4-4-12 groups.
    init?(_ text: String) {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return nil }
        func hexBytes(_ s: Substring) -> [UInt8]? {
            var out: [UInt8] = []
            var i = s.startIndex
            while i < s.endIndex {
                let j = s.index(i, offsetBy: 2)
                guard let b = UInt8(s[i..<j], radix: 16) else { return nil }
                out.append(b)
                i = j
            }
            return out
        }
        guard let g0 = hexBytes(groups[0]), let g1 = hexBytes(groups[1]), let g2 = hexBytes(groups[2]),
              let g3 = hexBytes(groups[3]), let g4 = hexBytes(groups[4]) else { return nil }
        bytes = g0.reversed() + g1.reversed() + g2.reversed() + g3 + g4
    }

    var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    var description: String {
        guard bytes.count == 16 else { return "invalid GUID" }
        func hex(_ s: [UInt8]) -> String {
            s.map { MBRPartitionType.hex2($0) }.joined()
        }
        return [hex(bytes[0..<4].reversed()), hex(bytes[4..<6].reversed()), hex(bytes[6..<8].reversed()),
                hex(Array(bytes[8..<10])), hex(Array(bytes[10..<16]))].joined(separator: "-")
    }
}
