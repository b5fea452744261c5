#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemIO
import Messages

/// What kind of thing a SOURCE path names.
public enum SourceKind: String, Sendable {
    case imageFile = "image"
    case splitImage = "split-image"
    case blockDevice = "block-device"
    case mountedFolder = "mounted-folder"
}

/// Opens a SOURCE path read-only as the right kind of byte source.
public enum SourceOpener {
    public static func kind(of path: String) throws -> SourceKind {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw CardIOError.cannotOpen(path: path, reason: errnoText(errno))
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .mountedFolder
        case S_IFBLK: return .blockDevice
        case S_IFREG:
            if let parts = SplitImageSource.partPaths(forFirstPart: path), parts.count > 1 { return .splitImage }
            return .imageFile
        default:
            throw CardIOError.cannotOpen(path: path, reason: tr(.scNotAnImageFileBlock))
        }
    }

    /// A byte source for an image, split image or device. Folders are not byte sources.
    public static func open(_ path: String) throws -> ByteSource {
        switch try kind(of: path) {
        case .splitImage: return try SplitImageSource(firstPart: path)
        case .imageFile, .blockDevice: return try FileByteSource(path: path)
        case .mountedFolder:
            throw CardIOError.cannotOpen(path: path, reason: tr(.scIsAFolderNotAn))
        }
    }
}
