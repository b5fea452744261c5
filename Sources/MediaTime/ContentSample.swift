/// What a file's content is when no parser we have reads it (issue 11, item 8): a camera that
/// encrypts its card writes bytes with no structure and near 8 bits of entropy per byte; a
/// proprietary format has structure we do not know. Both are listed and copied; neither is damage.
public enum ContentNote: String, Sendable, Equatable, CaseIterable {
    /// No known structure and high entropy over a bounded sample: "encrypted: cannot be read
    /// without the camera's key".
    case encrypted
    /// Footage in a format we do not read: "recording time unknown" unless a name gives one.
    case proprietary
}

/// Bounded samples of a file's bytes and the tests on them.
public enum ContentSample {
    /// Bytes a sample must have before its entropy says anything (a few hundred random bytes
    /// cannot reach 7.8 bits even when they are random, so short files are never "encrypted").
    public static let minimumSample = 2048
    /// Bits per byte above which a sample without structure looks encrypted. Random bytes give
    /// 7.9+ over 2 KiB and more; H.264/HEVC payloads are as dense, which is why the test is only
    /// made where no known structure (start codes, box headers, frame magics) was found.
    public static let encryptedEntropy = 7.8

    /// Shannon entropy of `bytes` in bits per byte (0 for an empty sample).
    public static func entropy<C: Collection>(_ bytes: C) -> Double where C.Element == UInt8 {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for b in bytes { counts[Int(b)] += 1 }
        let n = Double(bytes.count)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h
    }

    /// True when every sample is long enough and dense enough to be ciphertext.
    public static func looksEncrypted(_ samples: [[UInt8]]) -> Bool {
        !samples.isEmpty && samples.allSatisfy { $0.count >= minimumSample && entropy($0) >= encryptedEntropy }
    }

    /// Extensions cameras give footage, in any case: a file of one of these that no parser reads
    /// is called encrypted or proprietary; any other file (settings, logs, firmware) is not judged.
    public static let footageExtensions: Set<String> = [
        "mp4", "mov", "avi", "ts", "mts", "m2ts", "mpg", "ps", "3gp", "mkv", "dav", "dav_", "mp4_", "h264", "h265",
        "264", "265", "hevc", "media", "m4f", "jpf", "asf", "rec", "vid", "sdv", "mjpg", "mjpeg", "ifv", "str",
    ]

    /// The magics of the recorder frame formats sdcustody reads outside MediaTime (Dahua DHAV,
    /// XM `00 00 01 FC/FE/FD/FA/F9`, raw H.264/HEVC start codes), so those files are not
    /// called proprietary here: their times come from `Recorders`.
    public static func hasRecorderFrameMagic(_ head: [UInt8]) -> Bool {
        guard head.count >= 5 else { return false }
        if head[0] == 0x44, head[1] == 0x48, head[2] == 0x41, head[3] == 0x56 { return true }          // "DHAV"
        if head[0] == 0x44, head[1] == 0x41, head[2] == 0x48, head[3] == 0x55, head[4] == 0x41 { return true } // "DAHUA"
        if head[0] == 0, head[1] == 0, head[2] == 1, [0xFC, 0xFE, 0xFD, 0xFA, 0xF9].contains(head[3]) { return true }
        if head[0] == 0, head[1] == 0, head[2] == 0, head[3] == 1 { return true }
        if head[0] == 0, head[1] == 0, head[2] == 1, head[3] & 0x80 == 0 { return true }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
