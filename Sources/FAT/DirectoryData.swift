import CardIO
import CardFileSystem
import Messages

/// The raw 32-byte slots of one directory, read in large reads, and where each slot lies on
/// the volume. `problem` says what could not be read when the slots are incomplete.
struct DirectoryData {
    var bytes: [UInt8] = []
    /// Contiguous pieces: the slot index each starts at and its byte offset in the volume.
    var segments: [(slot: Int, offset: UInt64)] = []
    var problem: String?

    func offset(ofSlot i: Int) -> UInt64 {
        guard !segments.isEmpty else { return 0 }
        // Binary search: a hostile, fully fragmented folder has thousands of segments.
        var lo = 0, hi = segments.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if segments[mid].slot <= i { lo = mid } else { hi = mid - 1 }
        }
        let s = segments[lo]
        return s.offset + UInt64(max(0, i - s.slot)) * 32
    }

    mutating func append(_ piece: [UInt8], at offset: UInt64) {
        segments.append((bytes.count / 32, offset))
        bytes += piece
    }
}

extension FATVolume {
    /// The root directory: the fixed region on FAT12/16 (which need not be cluster aligned),
    /// a cluster chain on FAT32. Throws when nothing of it can be read.
    static func readRoot(source: ByteSource, geometry g: FATGeometry, fat: FATTable, firstClusterOnly: Bool,
                         claimed: inout ClusterBitmap) throws -> DirectoryData {
        if g.kind != .fat32 {
            var d = DirectoryData()
            let n = firstClusterOnly ? min(g.rootDirBytes, UInt64(g.clusterSize)) : g.rootDirBytes
            d.append(try source.read(at: g.rootDirOffset, count: Int(n)), at: g.rootDirOffset)
            return d
        }
        let d = try readChain(source: source, geometry: g, fat: fat, first: g.rootCluster,
                              maxClusters: firstClusterOnly ? 1 : nil, claimed: &claimed)
        if d.bytes.isEmpty, let p = d.problem {
            throw FileSystemError.corrupt(structure: tr(.fcRootDirectory), reason: p)
        }
        return d
    }

    /// A directory stored in a cluster chain, at most `maxDirectoryBytes` of it.
    ///
    /// `claimed` holds every cluster already read as part of a folder during this walk. A chain
    /// that runs into one is cross-linked: it is cut there, so a hostile volume whose folders
    /// share clusters costs at most one read of each cluster in total.
    static func readChain(source: ByteSource, geometry g: FATGeometry, fat: FATTable, first: UInt32,
                          maxClusters: UInt32? = nil, claimed: inout ClusterBitmap) throws -> DirectoryData {
        let limit = maxClusters ?? max(1, maxDirectoryBytes / g.clusterSize)
        var d = DirectoryData()
        let chain: ClusterChain
        do {
            chain = try ClusterChain(fat: fat, first: first, limit: limit)
        } catch {
            d.problem = tr(.fcItsFATEntriesCouldNot, ["error": "\(error)"])
            return d
        }
        var crossLinked: UInt32?
        var runs: [(first: UInt32, count: UInt32)] = []
        scan: for run in chain.runs {
            for k in 0..<run.count {
                let c = run.first + k
                guard claimed.insert(c) else {
                    crossLinked = c
                    if k > 0 { runs.append((run.first, k)) }
                    break scan
                }
            }
            runs.append(run)
        }
        for run in runs {
            let offset = g.offset(ofCluster: run.first)
            let length = Int(UInt64(run.count) * UInt64(g.clusterSize))
            do {
                d.append(try source.read(at: offset, count: length), at: offset)
            } catch {
                d.problem = tr(.fcClustersCouldNotBeRead, ["first": "\(run.first)", "v": "\(run.first + run.count - 1)", "error": "\(error)"])
                return d
            }
        }
        if let c = crossLinked {
            d.problem = tr(.fcClusterOfItsChainAlready, ["c": "\(c)"])
        } else if let p = chain.problem(geometry: g) {
            d.problem = p + tr(.fcEntriesAfterThatAreNot)
        } else if chain.stop == .limit, maxClusters == nil, let last = chain.runs.last,
                  (try? fat.entry(last.first + last.count - 1)) != .endOfChain {
            d.problem = tr(.fcFolderIsLongerThan65)
        }
        return d
    }
}
