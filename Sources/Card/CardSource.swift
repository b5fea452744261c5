import CardIO
import CardFileSystem
import Partitions
import FAT
import ExFAT
import Records
import Messages

/// A SOURCE opened for reading: its bytes (or folder), its partition table, and every FAT or
/// exFAT volume found on it. Nothing here writes.
public final class CardSource {
    public let path: String
    public let kind: SourceKind
    /// The whole card's bytes; nil for a mounted folder.
    public let bytes: ByteSource?
    /// What the kernel says of a block device (read-only flag, mounts, identity).
    public let device: BlockDeviceInfo?
    /// nil for a mounted folder.
    public let partitions: PartitionScan?
    /// One slot per partition (or one for a card formatted whole), in table order.
    public let slots: [VolumeSlot]
    /// The record `acquire` wrote beside this image, if any: its hashes and the card's identity
    /// travel on into listings and exports.
    public let acquisitionRecord: AcquisitionRecord?
    /// Things the user must hear about before trusting the output.
    public private(set) var warnings: [String] = []

    /// A place on the card that may hold a filesystem.
    public struct VolumeSlot {
        /// 1-based as `--partition` takes it (1 for a card with no partition table).
        public let index: Int
        public let partition: Partition?
        /// The volume's bytes.
        public let bytes: ByteSource?
        public let volume: CardVolume?
        /// Why no volume could be read here.
        public let error: Error?
    }

    public init(path: String) throws {
        self.path = path
        kind = try SourceOpener.kind(of: path)
        switch (kind == .imageFile || kind == .splitImage) ? AcquisitionRecord.load(forSource: path) : nil {
        case .success(let record)?:
            acquisitionRecord = record
        case .failure(let problem)?:
            acquisitionRecord = nil
            warnings.append(tr(.warnAcqRecordUnread, ["problem": "\(problem)"]))
        case nil:
            acquisitionRecord = nil
        }
        if kind == .mountedFolder {
            bytes = nil
            device = nil
            partitions = nil
            slots = []
            warnings.append(tr(.warnMountedFolder, ["path": path]))
            return
        }
        let source = try SourceOpener.open(path)
        bytes = source
        if let record = acquisitionRecord, record.sourceSize != source.size {
            warnings.append(tr(.warnRecordSizeDiffers, ["recorded": String(record.sourceSize), "held": String(source.size)]))
        }
        if kind == .blockDevice {
            let info = BlockDeviceInfo.inspect(path)
            device = info
            if info.mountedReadWrite {
                let points = info.mounts.filter { $0.readWrite }.map { tr(.warnMountedOn, ["device": $0.device, "point": $0.mountPoint]) }
                warnings.append(tr(.warnMountedReadWrite, ["mounts": points.joined(separator: ", ")]))
            }
            if info.readOnlyFlag == false {
                warnings.append(tr(.warnNotWriteProtected, ["path": path]))
            }
        } else {
            device = nil
        }
        let scan = try PartitionScan.scan(source)
        partitions = scan
        warnings += scan.warnings
        var slots: [VolumeSlot] = []
        for p in scan.partitions {
            if p.role == .wholeSource {
                slots.append(CardSource.openSlot(index: p.index, partition: nil, bytes: source))
                continue
            }
            do {
                let slice = try SliceSource(source, start: p.startByte, length: p.length,
                                            name: "partition \(p.index) of \(source.name)", clamp: true)
                slots.append(CardSource.openSlot(index: p.index, partition: p, bytes: slice))
            } catch {
                slots.append(VolumeSlot(index: p.index, partition: p, bytes: nil, volume: nil, error: error))
            }
        }
        self.slots = slots
    }

    /// Opens the filesystem in `bytes`, naming what it is when we cannot read it.
    static func openSlot(index: Int, partition: Partition?, bytes: ByteSource) -> VolumeSlot {
        do {
            let volume = try openVolume(bytes)
            return VolumeSlot(index: index, partition: partition, bytes: bytes, volume: volume, error: nil)
        } catch {
            return VolumeSlot(index: index, partition: partition, bytes: bytes, volume: nil, error: error)
        }
    }

    /// Chooses the reader by the boot sector's signature. An exFAT volume whose main boot region
    /// is damaged is read with its intact backup region, and its warnings say so.
    public static func openVolume(_ bytes: ByteSource) throws -> CardVolume {
        let first = try bytes.read(at: 0, count: Int(min(bytes.size, 512)))
        if ExFATVolume.looksLikeExFAT(first) { return try ExFATVolume(source: bytes, allowBackupBootRegion: true) }
        if FATVolume.looksLikeFAT(first) { return try FATVolume(source: bytes) }
        let signature = try FileSystemSignature.detect(bytes)
        switch signature {
        case .ntfs, .ext: throw FileSystemError.unsupported(name: signature.description)
        case .exfat: return try ExFATVolume(source: bytes, allowBackupBootRegion: true)
        case .fat: return try FATVolume(source: bytes)
        case .unknown: throw FileSystemError.unrecognised(hint: first.allSatisfy { $0 == 0 } ? tr(.scTheFirstSectorIsAll) : nil)
        }
    }

    /// The volume to work on: the one asked for with `--partition N`, else the only readable one.
    public func tree(partition: Int?) throws -> (tree: FileTree, slot: VolumeSlot?) {
        if kind == .mountedFolder {
            if let partition, partition != 1 {
                throw CardSourceError.noSuchPartition(partition, available: [])
            }
            return (FolderTree(root: path), nil)
        }
        let slot = try chooseSlot(partition)
        guard let volume = slot.volume else {
            throw slot.error ?? FileSystemError.unrecognised(hint: nil)
        }
        return (VolumeTree(volume), slot)
    }

    func chooseSlot(_ partition: Int?) throws -> VolumeSlot {
        if let partition {
            if let slot = slots.first(where: { $0.index == partition }) {
                return slot
            }
            throw CardSourceError.noSuchPartition(partition, available: slots.map(\.index))
        }
        let readable = slots.filter { $0.volume != nil }
        if readable.count == 1, let only = readable.first { return only }
        if readable.count > 1 {
            throw CardSourceError.choosePartition(readable.map(\.index))
        }
        // Nothing readable: report the most telling error.
        if let first = slots.first(where: { $0.error != nil }), let error = first.error {
            if slots.count > 1 { throw CardSourceError.noReadableVolume(slots.map { ($0.index, $0.error.map { String(describing: $0) } ?? "?") }) }
            throw error
        }
        throw FileSystemError.unrecognised(hint: nil)
    }
}

public enum CardSourceError: Error, CustomStringConvertible {
    case noSuchPartition(Int, available: [Int])
    case choosePartition([Int])
    case noReadableVolume([(Int, String)])

    public var description: String {
        switch self {
        case let .noSuchPartition(n, available):
            return available.isEmpty ? tr(.errSourceNoSuchPartitionNone, ["n": String(n)])
                : tr(.errSourceNoSuchPartition, ["n": String(n), "list": available.map(String.init).joined(separator: ", ")])
        case let .choosePartition(list):
            return tr(.errSourceChoosePartition, ["list": list.map(String.init).joined(separator: ", ")])
        case let .noReadableVolume(list):
            return tr(.errSourceNoReadableVolume, ["list": list.map { tr(.errSourcePartitionReason, ["n": String($0.0), "reason": $0.1]) }.joined(separator: "; ")])
        }
    }
}
