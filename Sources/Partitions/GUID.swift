/// A GUID as EFI stores it (UEFI spec Appendix A): the first three fields little-endian, the last
/// eight bytes in order. Shown in the registry form "C12A7328-F81F-11D2-BA4B-00A0C93EC93B".
struct GUID: Equatable, Hashable, CustomStringConvertible {
    /// The 16 bytes as stored on disk.
    let bytes: [UInt8]

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = Array(bytes)
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
