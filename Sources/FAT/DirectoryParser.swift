import Foundation
import CardIO
import CardFileSystem
import Messages

/// One file or folder found in a directory: its short entry plus the name to show.
struct DirectoryItem {
    var entry: ShortDirectoryEntry
    /// The long name where a valid one was found, else the short name (not yet made path-safe).
    var name: String
    /// The 8.3 name as stored, `NAME.EXT` (a deleted entry's first character shown as `_`).
    var shortName: String
    var notes: [String]
    /// Index of the entry's first 32-byte slot (its first long-name slot, if it has one).
    var firstSlot: Int
    var deleted: Bool
}

/// Turns the 32-byte slots of one directory into items (fatgen103 §6 and §7).
///
/// Long names of live entries must be complete and in order; otherwise the short name is shown
/// and a note says why. A complete long name whose checksum disagrees with its short entry is
/// shown with a note, as The Sleuth Kit's fls shows it. A deleted entry's long name is taken,
/// as The Sleuth Kit does, from the deleted long-name slots right before it that share one
/// checksum (their order numbers were overwritten by 0xE5, so physical order is all there is).
struct DirectoryParser {
    /// Volume label found among the slots (first live label entry), raw.
    var label: String?

    /// A long name being collected.
    private struct Pending {
        var units: [[UInt16]] = []  // per slot, physical order
        var checksum: UInt8 = 0
        var nextOrd: Int = 0        // the ord the next slot must have (live sequences)
        var firstSlot: Int = 0
        var broken: String?
    }

    static let maxSlots = 20  // 255 UTF-16 units / 13 per slot

    /// Parses slots until the end marker, the end of `bytes`, or `limit` items.
    mutating func parse(_ bytes: ArraySlice<UInt8>, includeDeleted: Bool, limit: Int = .max) -> [DirectoryItem] {
        var items: [DirectoryItem] = []
        var live: Pending?
        var dead: Pending?
        /// The end-of-directory slot read past, and the live entry after it that made us go on.
        var pastEnd: (slot: Int, next: Int)?
        let slotCount = bytes.count / 32
        var i = 0
        while i < slotCount && items.count < limit {
            defer { i += 1 }
            let start = bytes.startIndex + i * 32
            let slot = bytes[start..<(start + 32)]
            let first = slot[slot.startIndex]
            if first == 0x00 {
                // §6.1: this and every later entry are free, but a camera that lost power or a
                // faulty writer can leave a zeroed slot before live entries; fls and fsck.fat
                // read past it, and so does this parser when a plausible live entry follows.
                if let p = pastEnd, i < p.next { continue }  // more of the same zeroed stretch
                guard let later = Self.liveEntryAfter(bytes, slot: i + 1, count: slotCount) else { break }
                if pastEnd == nil { pastEnd = (i, later) } else { pastEnd?.next = later }
                live = nil; dead = nil
                continue
            }
            let attr = slot[slot.startIndex + 11]
            let r = LittleEndianReader(slot, what: tr(.fcDirectoryEntry))
            if attr & 0x3F == ShortDirectoryEntry.attrLongName {
                guard let lfn = try? LongNameSlot(r) else { continue }
                if first == ShortDirectoryEntry.deletedMark {
                    live = nil
                    if var d = dead, d.checksum == lfn.chksum, d.units.count < Self.maxSlots {
                        d.units.append(lfn.units)
                        dead = d
                    } else {
                        dead = Pending(units: [lfn.units], checksum: lfn.chksum, firstSlot: i)
                    }
                } else {
                    dead = nil
                    live = Self.addLive(lfn, to: live, at: i)
                }
                continue
            }
            guard let e = try? ShortDirectoryEntry(r) else { continue }
            if e.isVolumeLabel {
                if !e.isDeleted && label == nil { label = Self.labelText(e.name) }
                live = nil; dead = nil
                continue
            }
            if e.isDotEntry {
                live = nil; dead = nil
                continue
            }
            let (short, shortNotes) = Self.shortName(e)
            var item = DirectoryItem(entry: e, name: short.display, shortName: short.stored,
                                     notes: shortNotes, firstSlot: i, deleted: e.isDeleted)
            if e.isDeleted {
                if let d = dead, let long = Self.deletedLongName(d, for: e) {
                    item.name = long.name
                    item.notes = long.notes + [tr(.noteDeletedLongName)]
                    item.firstSlot = d.firstSlot
                } else {
                    item.notes.append(tr(.noteDeletedFirstChar))
                }
            } else if let p = live {
                switch Self.liveLongName(p, for: e) {
                case .success(let long):
                    item.name = long.name
                    item.notes = long.notes
                    item.firstSlot = p.firstSlot
                case .failure(let why):
                    item.notes.append(tr(.noteLongNameIgnored, ["reason": why.reason]))
                }
            }
            live = nil; dead = nil
            if let pastEnd {
                item.notes.append(tr(.notePastEndMark, ["slot": String(pastEnd.slot), "next": String(pastEnd.next)]))
            }
            if !item.deleted || includeDeleted { items.append(item) }
        }
        return items
    }

    /// The first slot at or after `slot` that holds a plausible live short entry (a name of
    /// short-name bytes, no reserved attribute bits, not a long-name slot), or nil. Stale bytes
    /// after a true end mark are zeros or fail these tests.
    static func liveEntryAfter(_ bytes: ArraySlice<UInt8>, slot: Int, count: Int) -> Int? {
        var i = slot
        while i < count {
            let s = bytes.startIndex + i * 32
            let first = bytes[s], attr = bytes[s + 11]
            if first != 0x00 && first != ShortDirectoryEntry.deletedMark && attr & 0xC0 == 0
                && attr & 0x3F != ShortDirectoryEntry.attrLongName && attr & ShortDirectoryEntry.attrVolumeID == 0
                && first != 0x20 && (0..<11).allSatisfy({ k in
                    let b = bytes[s + k]
                    return b == 0x20 ? k > 0 : (k == 0 && b == ShortDirectoryEntry.kanjiE5) || isShortNameByte(b) || b >= 0x80
                }) {
                return i
            }
            i += 1
        }
        return nil
    }

    private static func addLive(_ lfn: LongNameSlot, to pending: Pending?, at i: Int) -> Pending {
        let ord = Int(lfn.ord & 0x1F)
        if lfn.ord & LongNameSlot.lastFlag != 0 {
            var p = Pending(units: [lfn.units], checksum: lfn.chksum, nextOrd: ord - 1, firstSlot: i)
            if ord == 0 || ord > maxSlots || lfn.ord & 0x80 != 0 { p.broken = tr(.fcBadLongNameOrderNumber, ["ord": "\(lfn.ord)"]) }
            return p
        }
        guard var p = pending else {
            return Pending(units: [lfn.units], checksum: lfn.chksum, nextOrd: ord - 1, firstSlot: i,
                           broken: tr(.fcLongNameEntriesWithoutTheir))
        }
        if p.broken == nil {
            if lfn.chksum != p.checksum {
                p.broken = tr(.fcLongNameEntriesDisagreeOn)
            } else if ord != p.nextOrd || ord == 0 {
                p.broken = tr(.fcLongNameEntriesOutOf)
            }
        }
        if p.units.count < maxSlots { p.units.append(lfn.units) } else { p.broken = p.broken ?? tr(.fcLongNameLongerThan255) }
        p.nextOrd = ord - 1
        return p
    }

    private struct Failure: Error { var reason: String }

    private static func liveLongName(_ p: Pending, for e: ShortDirectoryEntry) -> Result<(name: String, notes: [String]), Failure> {
        if let b = p.broken { return .failure(Failure(reason: b)) }
        if p.nextOrd != 0 { return .failure(Failure(reason: tr(.fcLongNameEntriesIncomplete))) }
        guard var long = decode(p.units) else { return .failure(Failure(reason: tr(.fcLongNameIsEmpty))) }
        let sum = ShortDirectoryEntry.checksum(e.name)
        if sum != p.checksum {
            // A complete, ordered long name whose checksum disagrees with the short entry: the
            // short name was changed without it (fsck.fat: "may have changed without updating
            // the long name"). The Sleuth Kit shows the long name; so do we, and say so.
            long.notes.append(tr(.noteLongNameChecksum, ["long": hex(p.checksum), "short": hex(sum), "name": shortName(e).names.stored]))
        }
        return .success(long)
    }

    /// The deleted long name, when its checksum could belong to this entry: the checksum fixes
    /// the lost first byte, which must then be one a short name may start with.
    private static func deletedLongName(_ p: Pending, for e: ShortDirectoryEntry) -> (name: String, notes: [String])? {
        var found = false
        for candidate in 0x20...0xFF where isShortNameByte(UInt8(candidate)) {
            var name = e.name
            name[0] = UInt8(candidate)
            if ShortDirectoryEntry.checksum(name) == p.checksum { found = true; break }
        }
        guard found else { return nil }
        return decode(p.units)
    }

    /// Bytes allowed in a short name (fatgen103 §6.1: no lower case, no control characters,
    /// none of `" * + , . / : ; < = > ? [ \ ] |`).
    private static func isShortNameByte(_ b: UInt8) -> Bool {
        if b < 0x20 || b == 0x20 || b == 0xE5 { return b == 0x05 }
        if (0x61...0x7A).contains(b) { return false }
        return !Array("\"*+,./:;<=>?[\\]|".utf8).contains(b)
    }

    /// Joins slots (physical order: last part first) and cuts at the NUL terminator (§7).
    private static func decode(_ slots: [[UInt16]]) -> (name: String, notes: [String])? {
        var units: [UInt16] = []
        for s in slots.reversed() { units += s }
        if let nul = units.firstIndex(of: 0) { units.removeSubrange(nul...) }
        // 0xFFFF pads the last slot after the terminator; a name without terminator that fills
        // its slots exactly has none.
        while units.last == 0xFFFF { units.removeLast() }
        if units.isEmpty { return nil }
        let (name, note) = SafeName.decodeUTF16(units)
        return (name, note.map { [$0] } ?? [])
    }

    private static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return "0x" + (s.count < 2 ? "0" : "") + s
    }

    static func labelText(_ name: [UInt8]) -> String? {
        let (text, _) = decodeOEM(Array(name.prefix(11)))
        let trimmed = String(text.reversed().drop(while: { $0 == " " }).reversed())
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The short name for display (NT lower-case flags applied, as Windows and fls show it) and
    /// as stored; a deleted entry's lost first byte is `_` in both.
    static func shortName(_ e: ShortDirectoryEntry) -> (names: (display: String, stored: String), notes: [String]) {
        var base = Array(e.name.prefix(8))
        var ext = Array(e.name.dropFirst(8).prefix(3))
        if base[0] == ShortDirectoryEntry.deletedMark { base[0] = UInt8(ascii: "_") }
        else if base[0] == ShortDirectoryEntry.kanjiE5 { base[0] = 0xE5 }
        while base.last == 0x20 { base.removeLast() }
        while ext.last == 0x20 { ext.removeLast() }
        func lower(_ bytes: [UInt8], _ on: Bool) -> [UInt8] {
            on ? bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 } : bytes
        }
        let (b, n1) = decodeOEM(base)
        let (x, n2) = decodeOEM(ext)
        let (bl, _) = decodeOEM(lower(base, e.ntRes & 0x08 != 0))
        let (xl, _) = decodeOEM(lower(ext, e.ntRes & 0x10 != 0))
        let stored = x.isEmpty ? b : b + "." + x
        let display = xl.isEmpty ? bl : bl + "." + xl
        let notes = (n1 || n2) ? [tr(.fcShortNameHoldsBytesThat)] : []
        return ((display, stored), notes)
    }

    /// Short names are in the OEM code page; on cards from Japanese cameras that is Shift-JIS
    /// (code page 932), which is ASCII for ASCII bytes. Returns the text and whether anything was
    /// undecodable.
    static func decodeOEM(_ bytes: [UInt8]) -> (String, Bool) {
        if bytes.allSatisfy({ $0 < 0x80 }) { return (String(decoding: bytes, as: UTF8.self), false) }
        if let s = String(bytes: bytes, encoding: .shiftJIS) { return (s, false) }
        var out = ""
        for b in bytes { out.unicodeScalars.append(b < 0x80 ? Unicode.Scalar(b) : "\u{FFFD}") }
        return (out, true)
    }
}
