import CSystemShim

/// Starts writing a large output to the disk while it is still being written, so the final
/// `fsync` has little left to wait for and the dirty pages of one output stay bounded.
/// Best effort: the final `fsync` is what guarantees durability, so errors here are left for it.
public enum Writeback {
    /// Starts write-back of `length` bytes at `offset` without waiting for it.
    public static func start(_ fd: Int32, offset: Int64, length: Int64) {
        _ = sdc_sync_file_range(fd, offset, length, SDC_SYNC_FILE_RANGE_WRITE)
    }

    /// Drops the range's clean pages from the page cache, so the next read of it comes from the
    /// disk (best effort; pages still dirty stay).
    public static func drop(_ fd: Int32, offset: Int64, length: Int64) {
        _ = sdc_fadvise(fd, offset, length, SDC_FADV_DONTNEED)
    }

    /// Waits until the range (started earlier) is on the disk.
    public static func wait(_ fd: Int32, offset: Int64, length: Int64) {
        _ = sdc_sync_file_range(fd, offset, length,
                                SDC_SYNC_FILE_RANGE_WAIT_BEFORE | SDC_SYNC_FILE_RANGE_WRITE | SDC_SYNC_FILE_RANGE_WAIT_AFTER)
    }
}

/// glibc's allocator tuning (`mallopt(3)`).
public enum Allocator {
    /// Allocations at least this large are served by `mmap` and returned to the system when freed.
    public static func setMmapThreshold(_ bytes: Int32) {
        _ = sdc_mallopt(SDC_M_MMAP_THRESHOLD, bytes)
    }
}
