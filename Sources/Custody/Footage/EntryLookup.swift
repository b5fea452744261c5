import Messages
import CardFileSystem

/// Finds the entry a user named on the command line.
public enum EntryLookup {
    /// Exact match first (paths are case-sensitive on exFAT and in long names), then a unique
    /// case-insensitive match (FAT short names are upper case on the card, users type lower).
    public static func find(_ rawPath: String, in listing: VolumeListing, deleted: Bool) throws -> CardEntry {
        var path = Substring(rawPath)
        while path.hasPrefix("/") { path.removeFirst() }
        while path.hasSuffix("/") { path.removeLast() }
        let wanted = String(path)
        let candidates = listing.entries.filter { $0.deleted == deleted }
        if let exact = candidates.first(where: { $0.path == wanted }) { return exact }
        let folded = candidates.filter { $0.path.lowercased() == wanted.lowercased() }
        if folded.count == 1, let only = folded.first { return only }
        if !deleted, listing.entries.contains(where: { $0.deleted && $0.path == wanted }) {
            throw CustodyError.input(tr(.catDeletedFile, ["path": wanted]))
        }
        throw CustodyError.input(tr(deleted ? .catNoSuchDeletedFile : .catNoSuchFile, ["path": wanted]))
    }
}
