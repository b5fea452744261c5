import CardFileSystem

/// The AVI `IDIT` chunk's date text. No standard fixes its form; cameras write, among others:
/// - `Mon Mar 10 15:04:43 2003` (C `ctime`, often with `\n\0`), also upper case;
/// - `2009/10/27 12:14:34`, `2005:08:11 14:03:54`, `2005-08-11 14:03:54`, `2005-08-11T14:03:54`;
/// - `10/27/2009 12:14:34`-like forms are ambiguous and not taken.
/// The text is cut at the first NUL and bounded by the caller; anything else is "unknown".
enum IDITDate {
    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    static func parse(_ bytes: ArraySlice<UInt8>) -> CardTimestamp? {
        let cut = bytes.prefix(while: { $0 != 0 }).prefix(64)
        let text = String(decoding: cut, as: UTF8.self).trimmingCharacters(in: " \t\r\n")
        guard !text.isEmpty else { return nil }
        return parse(text)
    }

    static func parse(_ text: String) -> CardTimestamp? {
        // Split into runs of letters and runs of digits; everything else separates.
        var words: [String] = []
        var numbers: [(value: Int, digits: Int)] = []
        var order: [Character] = []   // "w" or "n": the shape of the text
        var current = ""
        var isDigit = false
        func flush() {
            guard !current.isEmpty else { return }
            if isDigit {
                numbers.append((Int(current.prefix(9)) ?? -1, current.count)); order.append("n")
            } else {
                words.append(current.uppercased()); order.append("w")
            }
            current = ""
        }
        for ch in text.unicodeScalars.prefix(64) {
            let digit = ("0"..."9").contains(ch)
            let letter = ("a"..."z").contains(ch) || ("A"..."Z").contains(ch)
            if digit || letter {
                if !current.isEmpty, digit != isDigit { flush() }
                isDigit = digit
                current.unicodeScalars.append(ch)
            } else {
                flush()
            }
        }
        flush()
        var stamp: CardTimestamp?
        if let monthWord = words.first(where: { w in months.contains(where: { w.hasPrefix($0) }) }),
           let month = months.firstIndex(where: { monthWord.hasPrefix($0) }) {
            // ctime: [weekday] month day HH MM SS year; also "day month year HH MM SS".
            guard numbers.count >= 5 else { return nil }
            if let yearIndex = numbers.firstIndex(where: { $0.digits == 4 }) {
                var rest = numbers; rest.remove(at: yearIndex)
                guard rest.count >= 4 else { return nil }
                stamp = CardTimestamp(year: numbers[yearIndex].value, month: month + 1, day: rest[0].value,
                                      hour: rest[1].value, minute: rest[2].value, second: rest[3].value)
            }
        } else if words.isEmpty || words.allSatisfy({ $0 == "T" }), numbers.count >= 5, numbers[0].digits == 4 {
            let second = numbers.count >= 6 ? numbers[5].value : 0
            stamp = CardTimestamp(year: numbers[0].value, month: numbers[1].value, day: numbers[2].value,
                                  hour: numbers[3].value, minute: numbers[4].value, second: second)
        }
        guard let stamp, stamp.isValid, stamp.year >= 1970 else { return nil }
        return stamp
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop.contains($0) }),
              let last = scalars.lastIndex(where: { !drop.contains($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
