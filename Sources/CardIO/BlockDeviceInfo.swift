#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the kernel says about a block device: its read-only flag, where it (or a partition of it)
/// is mounted, and the identity sysfs exposes. Read from /sys and /proc; nothing is written.
public struct BlockDeviceInfo: Sendable {
    public var devicePath: String
    /// Kernel name, e.g. "sdb" or "mmcblk0".
    public var kernelName: String
    /// The block layer's read-only flag (`/sys/class/block/NAME/ro`).
    public var readOnlyFlag: Bool?
    /// Mounts of the device or its partitions: (device, mount point, read-write?).
    public var mounts: [(device: String, mountPoint: String, readWrite: Bool)]
    public var model: String?
    public var vendor: String?
    public var serial: String?
    /// SD card registers, hex, where the reader exposes them (mmcblk devices).
    public var cid: String?
    public var csd: String?

    public var mountedReadWrite: Bool { mounts.contains { $0.readWrite } }

    public static func inspect(_ path: String) -> BlockDeviceInfo {
        var resolved = path
        if let real = realpath(path, nil) {
            resolved = String(cString: real)
            free(real)
        }
        let kernelName = String(resolved.split(separator: "/").last ?? Substring(resolved))
        let sys = "/sys/class/block/\(kernelName)"
        func readSys(_ file: String) -> String? {
            guard let f = fopen("\(sys)/\(file)", "r") else { return nil }
            defer { fclose(f) }
            var buf = [CChar](repeating: 0, count: 512)
            guard fgets(&buf, Int32(buf.count), f) != nil else { return nil }
            let s = String(cString: buf).trimmingWhitespace()
            return s.isEmpty ? nil : s
        }
        var info = BlockDeviceInfo(devicePath: path, kernelName: kernelName, readOnlyFlag: nil, mounts: [])
        if let ro = readSys("ro") { info.readOnlyFlag = ro == "1" }
        info.model = readSys("device/model") ?? readSys("device/name")
        info.vendor = readSys("device/vendor")
        info.serial = readSys("device/serial")
        info.cid = readSys("device/cid")
        info.csd = readSys("device/csd")
        info.mounts = mounts(of: resolved)
        return info
    }

    /// Mount table entries whose device is `device` or one of its partitions.
    static func mounts(of device: String) -> [(device: String, mountPoint: String, readWrite: Bool)] {
        guard let f = fopen("/proc/self/mounts", "r") else { return [] }
        defer { fclose(f) }
        var result: [(String, String, Bool)] = []
        var buf = [CChar](repeating: 0, count: 4096)
        while fgets(&buf, Int32(buf.count), f) != nil {
            let fields = String(cString: buf).split(separator: " ")
            guard fields.count >= 4 else { continue }
            let dev = String(fields[0])
            guard dev == device || (dev.hasPrefix(device) && dev.count > device.count) else { continue }
            let options = fields[3].split(separator: ",")
            result.append((dev, String(fields[1]), options.contains("rw")))
        }
        return result
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
