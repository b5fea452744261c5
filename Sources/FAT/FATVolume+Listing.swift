import CardIO
import CardFileSystem
import Messages

extension FATVolume {
    /// State of one listing walk: the output, the budget, and every folder cluster already
    /// walked (so two folders sharing clusters are walked once, and cycles end).
    private struct Walk {
        var includeDeleted: Bool
        var listing = VolumeListing()
        var visited: Set<UInt32> = []
        /// Every cluster read as part of a folder (see `readChain`).
        var claimed: ClusterBitmap
        /// Items parsed by folders still on the walk's stack and not yet turned into entries;
        /// counted against the budget so memory stays bounded however deep the nesting.
        var pending = 0
        var budgetHit = false
        var maxEntries: Int

        mutating func noteBudgetHit() {
            if !budgetHit {
                listing.problems.append(tr(.fcListingStoppedAfterEntriesThe, ["maxEntries": "\(maxEntries)"]))
                budgetHit = true
            }
        }
    }

    /// Every entry, depth first in directory order, parents before their contents, as
    /// `fls -r -p` shows them. The root folder must be readable; damage below it goes into
    /// `problems` and the walk continues elsewhere.
    public func listing(includeDeleted: Bool) throws -> VolumeListing {
        var walk = Walk(includeDeleted: includeDeleted, claimed: ClusterBitmap(maxCluster: geometry.maxCluster), maxEntries: maxEntries)
        let root = try Self.readRoot(source: source, geometry: geometry, fat: fat, firstClusterOnly: false, claimed: &walk.claimed)
        if let p = root.problem { walk.listing.problems.append(tr(.fcRootFolder, ["p": "\(p)"])) }
        let rootKey = rootFolderKey
        walk.visited.insert(rootKey)
        list(consume root, prefix: "", ancestors: [rootKey], depth: 0, inDeletedFolder: false, walk: &walk)
        // Damage per live file: one capped chain walk each (see FATVolume+Damage).
        for i in walk.listing.entries.indices {
            walk.listing.entries[i].damage = damage(of: walk.listing.entries[i])
        }
        return walk.listing
    }

    /// The cluster number that stands for the root folder (0 for the fixed FAT12/16 root, as
    /// `..` entries record it).
    private var rootFolderKey: UInt32 { geometry.kind == .fat32 ? geometry.rootCluster : 0 }

    /// Parses a folder's slots into items and their volume offsets, so the slot bytes can be
    /// dropped before descending.
    private func parse(_ dir: DirectoryData, walk: inout Walk) -> [(item: DirectoryItem, offset: UInt64)] {
        let room = maxEntries - walk.listing.entries.count - walk.pending
        guard room > 0 else { walk.noteBudgetHit(); return [] }
        var parser = DirectoryParser()
        let items = parser.parse(dir.bytes[...], includeDeleted: walk.includeDeleted, limit: room + 1)
        var out = items.prefix(room).map { ($0, dir.offset(ofSlot: $0.firstSlot)) }
        if items.count > room { walk.noteBudgetHit(); out = Array(out.prefix(room)) }
        return out
    }

    private func list(_ dir: consuming DirectoryData, prefix: String, ancestors: [UInt32], depth: Int,
                      inDeletedFolder: Bool, walk: inout Walk) {
        let items = parse(dir, walk: &walk)
        _ = consume dir
        var unprocessed = items.count
        walk.pending += unprocessed
        defer { walk.pending -= unprocessed }
        let fat32 = geometry.kind == .fat32
        for (item, entryOffset) in items {
            // The item stops being pending as it becomes an entry.
            unprocessed -= 1
            walk.pending -= 1
            guard walk.listing.entries.count < maxEntries else { walk.noteBudgetHit(); return }
            let e = item.entry
            let (safe, note) = SafeName.make(item.name)
            var notes = item.notes
            if let note { notes.append(note) }
            let deleted = item.deleted || inDeletedFolder
            if inDeletedFolder && !item.deleted { notes.append(tr(.noteInsideDeletedFolder)) }
            let path = prefix.isEmpty ? safe : prefix + "/" + safe
            let first = e.firstCluster(fat32: fat32)
            walk.listing.entries.append(CardEntry(
                path: path, name: safe, shortName: SafeName.make(item.shortName).name, isDirectory: e.isDirectory,
                size: e.isDirectory ? 0 : UInt64(e.fileSize),
                created: FATTime.timestamp(date: e.crtDate, time: e.crtTime, tenths: e.crtTimeTenth),
                modified: FATTime.timestamp(date: e.wrtDate, time: e.wrtTime),
                accessed: FATTime.timestamp(date: e.lstAccDate),
                attributes: UInt16(e.attr), deleted: deleted, firstCluster: first,
                entryOffset: entryOffset, notes: notes))
            guard e.isDirectory else { continue }
            if deleted {
                if let why = descendDeleted(first, path: path, ancestors: ancestors, depth: depth, walk: &walk) {
                    walk.listing.entries[walk.listing.entries.count - 1].notes.append(tr(.noteContentsNotListed, ["reason": "\(why)"]))
                }
                continue
            }
            if first == 0 || first == rootFolderKey || ancestors.contains(first) {
                walk.listing.problems.append(tr(.fcFolderItsFirstClusterIs, ["path": "\(path)", "first": "\(first)"]))
                continue
            }
            guard geometry.isValidCluster(first) else {
                walk.listing.problems.append(tr(.fcFolderFirstClusterIsOutside, ["path": "\(path)", "first": "\(first)", "maxCluster": "\(geometry.maxCluster)"]))
                continue
            }
            guard !walk.visited.contains(first) else {
                walk.listing.problems.append(tr(.fcFolderSharesItsFirstCluster, ["path": "\(path)", "first": "\(first)"]))
                continue
            }
            guard depth + 1 < maxDepth else {
                walk.listing.problems.append(tr(.fcFolderIsNestedDeeperThan, ["path": "\(path)", "maxDepth": "\(maxDepth)"]))
                continue
            }
            walk.visited.insert(first)
            let child: DirectoryData
            do {
                child = try Self.readChain(source: source, geometry: geometry, fat: fat, first: first, claimed: &walk.claimed)
            } catch {
                walk.listing.problems.append(tr(.fcFolderCouldNotBeRead, ["path": "\(path)", "error": "\(error)"]))
                continue
            }
            if let p = child.problem { walk.listing.problems.append(tr(.fcFolderProblem, ["path": path, "p": p])) }
            list(consume child, prefix: path, ancestors: ancestors + [first], depth: depth + 1, inDeletedFolder: false, walk: &walk)
        }
    }

    /// Lists a deleted folder's first cluster when it is still free and still starts with a `.`
    /// entry; returns why not otherwise. Best effort: a deleted folder's chain is gone from the
    /// FAT, so only its first cluster is trusted.
    private func descendDeleted(_ first: UInt32, path: String, ancestors: [UInt32], depth: Int, walk: inout Walk) -> String? {
        guard walk.includeDeleted else { return nil }
        guard geometry.isValidCluster(first) else { return tr(.fcItsFirstClusterIsNot, ["first": "\(first)"]) }
        if ancestors.contains(first) || walk.visited.contains(first) {
            return tr(.fcItsFirstClusterBelongsTo, ["first": "\(first)"])
        }
        guard depth + 1 < maxDepth else { return tr(.fcNestedDeeperThanFolders, ["maxDepth": "\(maxDepth)"]) }
        do {
            guard try fat.entry(first) == .free else { return tr(.fcItsFirstClusterIsIn, ["first": "\(first)"]) }
            let d = try Self.readChain(source: source, geometry: geometry, fat: fat, first: first, maxClusters: 1, claimed: &walk.claimed)
            guard d.problem == nil || !d.bytes.isEmpty else { return d.problem ?? "unreadable" }
            // ChainStop for a free first cluster is "broken"; the one cluster was still read.
            let dot = Array(".          ".utf8)
            guard d.bytes.count >= 32, Array(d.bytes[0..<11]) == dot else {
                return tr(.fcItsFirstClusterNoLonger, ["first": "\(first)"])
            }
            walk.visited.insert(first)
            list(consume d, prefix: path, ancestors: ancestors + [first], depth: depth + 1, inDeletedFolder: true, walk: &walk)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
