import Foundation
import Testing
@testable import CardIO

@Suite struct BlockDeviceInfoTests {
    /// The device this machine's root filesystem is mounted from is mounted read-write: the
    /// check that warns about a mounted card must see that.
    @Test func seesAReadWriteMount() throws {
        let mounts = try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        let lines: [[Substring]] = mounts.split(separator: "\n").map { $0.split(separator: " ") }
        func isRootRW(_ f: [Substring]) -> Bool {
            guard f.count > 3, f[1] == "/", f[0].hasPrefix("/dev/") else { return false }
            return f[3].split(separator: ",").contains("rw")
        }
        guard let root = lines.first(where: isRootRW) else {
            // A container's overlay root: the machine's, not something tools/setup installs.
            try Test.cancel("/ is not mounted read-write from a /dev device here")
        }
        let device = String(root[0])
        let info = BlockDeviceInfo.inspect(device)
        #expect(info.mountedReadWrite, "\(device) is mounted rw on /")
        #expect(info.mounts.contains { $0.mountPoint == "/" })
    }

    @Test func aDeviceMountedNowhereHasNoMounts() {
        #expect(BlockDeviceInfo.mounts(of: "/dev/sdcustody-no-such-device").isEmpty)
    }
}
