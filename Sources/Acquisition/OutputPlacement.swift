#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses an image path that would be written onto the card being imaged.
public enum OutputPlacement {
    /// Throws `outputOnSource` when `output` is the source itself or lies on a filesystem that
    /// lives on the source device (or one of its partitions).
    public static func check(output: String, source: String) throws {
        if let a = canonical(output), let b = canonical(source), a == b {
            throw AcquisitionError.outputOnSource(output)
        }
        var src = stat()
        guard stat(source, &src) == 0 else { return }
        var dirStat = stat()
        let dir = ImageWriter.directory(of: output)
        guard stat(dir, &dirStat) == 0 else { return }
        if src.st_mode & S_IFMT == S_IFBLK {
            if dirStat.st_dev == src.st_rdev { throw AcquisitionError.outputOnSource(output) }
            // A partition of the source: /sys/dev/block/MAJ:MIN of the folder's device sits
            // inside the source disk's sysfs folder.
            let devMajor = major(dirStat.st_dev), devMinor = minor(dirStat.st_dev)
            let srcMajor = major(src.st_rdev), srcMinor = minor(src.st_rdev)
            if let part = canonical("/sys/dev/block/\(devMajor):\(devMinor)"),
               let disk = canonical("/sys/dev/block/\(srcMajor):\(srcMinor)"),
               part.hasPrefix(disk + "/") {
                throw AcquisitionError.outputOnSource(output)
            }
        }
    }

    /// glibc's encoding of dev_t (sys/sysmacros.h), which Swift does not import.
    static func major(_ dev: dev_t) -> UInt64 {
        let d = UInt64(dev)
        return ((d >> 8) & 0xfff) | ((d >> 32) & ~UInt64(0xfff))
    }

    static func minor(_ dev: dev_t) -> UInt64 {
        let d = UInt64(dev)
        return (d & 0xff) | ((d >> 12) & ~UInt64(0xff))
    }

    static func canonical(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
