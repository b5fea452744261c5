import Messages
/// pax extended header records (POSIX.1-2001 `pax`, "pax Extended Header"): each record is
/// `"%d %s=%s\n"` — its own length in decimal (counting every byte of the record, the length
/// digits included), a space, keyword, `=`, value, newline.
enum PaxRecords {
    /// Encodes records in the given order.
    static func encode(_ records: [(key: String, value: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (key, value) in records {
            let body = 1 + key.utf8.count + 1 + value.count + 1 // " key=value\n"
            // The length counts its own digits: grow until it is self-consistent.
            var length = body + 1
            while String(length).count + body != length { length = String(length).count + body }
            out += Array(String(length).utf8) + [0x20] + Array(key.utf8) + [0x3d] + value + [0x0a]
        }
        return out
    }

    /// Parses a whole extended header's content. Every record's length must be plain decimal,
    /// at least as long as its own prefix, within the data, and end in a newline; the keyword
    /// must be non-empty. Later records override earlier ones with the same keyword.
    static func parse(_ data: [UInt8]) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        var i = 0
        var count = 0
        while i < data.count {
            // Trailing NUL padding some writers leave is tolerated only at the very end.
            if data[i] == 0 {
                guard data[i...].allSatisfy({ $0 == 0 }) else { throw TarError(.badPaxHeader, tr(.tcNULInsidePaxHeaderRecords)) }
                break
            }
            count += 1
            if count > 10_000 { throw TarError(.limit, tr(.tcPaxHeaderHasMoreThan)) }
            var length = 0
            var j = i
            while j < data.count, data[j] >= 0x30, data[j] <= 0x39 {
                let (m, o1) = length.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(data[j] - 0x30))
                if o1 || o2 { throw TarError(.badPaxHeader, tr(.tcPaxRecordLengthOverflows)) }
                length = a
                j += 1
                if j - i > 12 { throw TarError(.badPaxHeader, tr(.tcPaxRecordLengthHasToo)) }
            }
            guard j > i, j < data.count, data[j] == 0x20 else { throw TarError(.badPaxHeader, tr(.tcPaxRecordDoesNotStart)) }
            let (end, overflow) = i.addingReportingOverflow(length)
            guard !overflow, length > j - i + 1, end <= data.count else {
                throw TarError(.badPaxHeader, tr(.tcPaxRecordLengthDoesNot, ["length": "\(length)"]))
            }
            guard data[end - 1] == 0x0a else { throw TarError(.badPaxHeader, tr(.tcPaxRecordDoesNotEnd)) }
            let record = data[(j + 1)..<(end - 1)]
            guard let eq = record.firstIndex(of: 0x3d), eq > record.startIndex else {
                throw TarError(.badPaxHeader, tr(.tcPaxRecordHasNoKeyword))
            }
            guard let key = String(validating: record[record.startIndex..<eq], as: UTF8.self) else {
                throw TarError(.badPaxHeader, tr(.tcPaxKeywordIsNotUTF))
            }
            out[key] = Array(record[(eq + 1)...])
            i = end
        }
        return out
    }

    /// A decimal value such as `size` (digits only, no sign, bounded).
    static func unsigned(_ value: [UInt8], key: String) throws -> UInt64 {
        guard !value.isEmpty, value.count <= 20, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw TarError(.badPaxHeader, tr(.tcPaxIsNotADecimal, ["key": "\(key)"]))
        }
        var v: UInt64 = 0
        for d in value {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d - 0x30))
            if o1 || o2 { throw TarError(.overflow, "pax \(key) overflows") }
            v = a
        }
        return v
    }

    /// A time such as `mtime`: optional `-`, decimal seconds, optional `.fraction`.
    static func time(_ value: [UInt8], key: String) throws -> TarTime {
        var digits = value[...]
        var negative = false
        if digits.first == 0x2d { negative = true; digits = digits.dropFirst() }
        let dot = digits.firstIndex(of: 0x2e) ?? digits.endIndex
        let whole = Array(digits[digits.startIndex..<dot])
        let seconds = try unsigned(whole, key: key)
        guard seconds <= UInt64(Int64.max) else { throw TarError(.overflow, "pax \(key) overflows") }
        var nanos: UInt32 = 0
        if dot < digits.endIndex {
            let fraction = digits[(dot + 1)...]
            guard fraction.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), fraction.count <= 64 else {
                throw TarError(.badPaxHeader, tr(.tcPaxFractionIsNotDecimal, ["key": "\(key)"]))
            }
            var scale: UInt32 = 100_000_000
            for d in fraction.prefix(9) {
                nanos += UInt32(d - 0x30) * scale
                scale /= 10
            }
        }
        if negative {
            // -1.25 is 1.25 s before the epoch: seconds -2, nanoseconds 0.75e9.
            if nanos > 0 { return TarTime(seconds: -Int64(seconds) - 1, nanoseconds: 1_000_000_000 - nanos) }
            return TarTime(seconds: -Int64(seconds), nanoseconds: 0)
        }
        return TarTime(seconds: Int64(seconds), nanoseconds: nanos)
    }
}

/// A modification time: seconds since the epoch and nanoseconds (0..<1e9).
public struct TarTime: Equatable, Sendable {
    public var seconds: Int64
    public var nanoseconds: UInt32

    public init(seconds: Int64, nanoseconds: UInt32 = 0) {
        self.seconds = seconds
        self.nanoseconds = min(nanoseconds, 999_999_999)
    }

    /// The pax text form: "1700000000" or "1700000000.5".
    var paxValue: String {
        if nanoseconds == 0 { return String(seconds) }
        var fraction = String(nanoseconds)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if seconds < 0 {
            // seconds + nanos/1e9 with seconds negative: print as -(|seconds|-1).(1e9-nanos).
            let whole = -(seconds + 1)
            var f = String(1_000_000_000 - nanoseconds)
            f = String(repeating: "0", count: 9 - f.count) + f
            while f.hasSuffix("0") { f.removeLast() }
            return "-\(whole).\(f)"
        }
        return "\(seconds).\(fraction)"
    }
}
