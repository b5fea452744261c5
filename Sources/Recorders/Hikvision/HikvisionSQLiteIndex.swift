internal import CSQLite
import CardIO

/// The SQLite index newer Hikvision firmware keeps instead of `index00.bin`:
/// `record_db_index00`, table `record_segment_idx_tb` (`file_no, start_offset, end_offset,
/// start_time_tv_sec, end_time_tv_sec, record_type`; a row is in use when `record_type != 0`),
/// per `shared/testdata/hikvision/README.md` ("Files on the card").
///
/// The database is copied into SQLite's memory and opened there read-only
/// (`sqlite3_deserialize` with `SQLITE_DESERIALIZE_READONLY`), so nothing can write a journal
/// beside the card's file; SQLite's defensive mode is on and a progress handler bounds the work
/// a hostile database can cause.
public struct HikvisionSQLiteIndex: Sendable {
    public static let fileName = "record_db_index00"
    public static let table = "record_segment_idx_tb"
    /// Larger databases are refused rather than copied into memory (a card's is a few MiB).
    public static let maxSize: UInt64 = 256 << 20
    /// Rows beyond this are not read (480 containers × 256 segments is about 123,000).
    public static let maxRows = 1_000_000

    public struct Row: Sendable, Equatable {
        public var fileNumber: Int64
        public var startOffset: Int64
        public var endOffset: Int64
        public var startSeconds: Int64
        public var endSeconds: Int64
        public var recordType: Int64
        public var rowID: Int64
    }

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case tooLarge(UInt64)
        case sqlite(String)
        case noTable
        public var description: String {
            switch self {
            case .tooLarge(let n): return "\(n) bytes, larger than the \(HikvisionSQLiteIndex.maxSize) a recorder database is read up to"
            case .sqlite(let m): return "not a readable SQLite database: \(m)"
            case .noTable: return "has no table \(HikvisionSQLiteIndex.table)"
            }
        }
    }

    public var rows: [Row]
    /// True when more rows were in use than `maxRows`.
    public var truncated: Bool

    public init(source: ByteSource) throws {
        guard source.size <= Self.maxSize else { throw ReadError.tooLarge(source.size) }
        let bytes = try source.read(at: 0, count: Int(source.size))
        // Progress-handler calls so far; freed after the connection closes (defers run in reverse).
        let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        counter.initialize(to: 0)
        defer { counter.deallocate() }
        var db: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nil) == SQLITE_OK, let db else {
            sqlite3_close(db)
            throw ReadError.sqlite("cannot open an in-memory database")
        }
        defer { sqlite3_close(db) }
        // Nothing this connection runs may write, even to its in-memory copy.
        guard sqlite3_exec(db, "PRAGMA query_only = 1", nil, nil, nil) == SQLITE_OK else {
            throw ReadError.sqlite(String(cString: sqlite3_errmsg(db)))
        }
        // SQLite frees the copy when the connection closes (FREEONCLOSE); the card's bytes are never handed over.
        guard let copy = sqlite3_malloc64(sqlite3_uint64(max(bytes.count, 1))) else { throw ReadError.sqlite("out of memory") }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { copy.copyMemory(from: base, byteCount: raw.count) }
        }
        let flags = UInt32(SQLITE_DESERIALIZE_READONLY) | UInt32(SQLITE_DESERIALIZE_FREEONCLOSE)
        guard sqlite3_deserialize(db, "main", copy.assumingMemoryBound(to: UInt8.self), sqlite3_int64(bytes.count),
                                  sqlite3_int64(bytes.count), flags) == SQLITE_OK else {
            throw ReadError.sqlite(String(cString: sqlite3_errmsg(db)))
        }
        // Bounded work: a hostile file cannot keep a query running (about 50 million steps of
        // SQLite's machine; reading 123,000 rows takes a few million).
        sqlite3_progress_handler(db, 10_000, { raw in
            guard let raw else { return 1 }
            let c = raw.assumingMemoryBound(to: Int.self)
            c.pointee += 1
            return c.pointee > 5_000 ? 1 : 0
        }, UnsafeMutableRawPointer(counter))

        // Only a real table: a view of that name could run any query.
        guard try Self.scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '\(Self.table)'") == 1 else {
            throw ReadError.noTable
        }
        let sql = "SELECT rowid, file_no, start_offset, end_offset, start_time_tv_sec, end_time_tv_sec, record_type FROM \(Self.table) "
            + "WHERE record_type != 0 ORDER BY rowid LIMIT \(Self.maxRows + 1)"
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw ReadError.sqlite(String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(stmt) }
        var rows: [Row] = []
        var step = sqlite3_step(stmt)
        while step == SQLITE_ROW {
            rows.append(Row(fileNumber: sqlite3_column_int64(stmt, 1), startOffset: sqlite3_column_int64(stmt, 2),
                            endOffset: sqlite3_column_int64(stmt, 3), startSeconds: sqlite3_column_int64(stmt, 4),
                            endSeconds: sqlite3_column_int64(stmt, 5), recordType: sqlite3_column_int64(stmt, 6),
                            rowID: sqlite3_column_int64(stmt, 0)))
            step = sqlite3_step(stmt)
        }
        guard step == SQLITE_DONE else { throw ReadError.sqlite(String(cString: sqlite3_errmsg(db))) }
        truncated = rows.count > Self.maxRows
        if truncated { rows.removeLast() }
        self.rows = rows
    }

    static func scalar(_ db: OpaquePointer, _ sql: String) throws -> Int64 {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw ReadError.sqlite(String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(stmt) }
        guard sqlite3_step(stmt) == SQLITE_ROW else { throw ReadError.sqlite(String(cString: sqlite3_errmsg(db))) }
        return sqlite3_column_int64(stmt, 0)
    }
}
