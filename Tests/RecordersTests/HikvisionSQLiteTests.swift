import Foundation
import Testing
import CardIO
import CardFileSystem
import Recorders
import TestSupport

/// The SQLite index of newer firmware (`record_db_index00`), made at test time with Python's
/// sqlite3 module (an independent writer) and read from memory.
@Suite(.requires("python3"))
struct HikvisionSQLiteTests {
    static let t0 = Int(CardTimestamp(year: 2026, month: 11, day: 20, hour: 21, minute: 30).wallClockSeconds)

    /// A database with `sql` run after the table is made.
    static func database(_ sql: String, table: Bool = true) throws -> [UInt8] {
        let tmp = try TemporaryDirectory("sdcustody-sqlite")
        defer { tmp.remove() }
        let path = tmp.path("record_db_index00")
        let create = table ? "CREATE TABLE record_segment_idx_tb (file_no INTEGER, start_offset INTEGER, end_offset INTEGER, "
            + "start_time_tv_sec INTEGER, end_time_tv_sec INTEGER, record_type INTEGER);" : ""
        let python = try #require(TestEnvironment.python3)
        let r = try runProcess([python, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()",
                                path, create + sql])
        #expect(r.status == 0, "\(r.stderrText)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func files(_ db: [UInt8], container: SparseSource) -> [RecorderCardFile] {
        [RecorderCardFile(path: "record_db_index00", size: UInt64(db.count)) { MemoryByteSource(db, name: "record_db_index00") },
         RecorderCardFile(path: "hiv00000.mp4", size: container.size) { container }]
    }

    @Test func rowsInUseBecomeRecordings() throws {
        let t = Self.t0
        let db = try Self.database("""
            INSERT INTO record_segment_idx_tb VALUES (0, 0, 1048576, \(t), \(t + 25), 1);
            INSERT INTO record_segment_idx_tb VALUES (0, 1048576, 2097152, \(t - 99), \(t - 90), 0);
            INSERT INTO record_segment_idx_tb VALUES (0, 1048576, 0, \(t + 30), 0, 1);
            """)
        let c = SparseSource(name: "hiv00000.mp4")
        c.put(ProgramStreamBytes.stream(scr: 1_000_000, packs: 2), at: 0)
        c.put(ProgramStreamBytes.stream(scr: 9_000_000, packs: 3), at: 1_048_576)
        let l = try #require(RecorderLayouts.recognise(files: Self.files(db, container: c)).first)
        #expect(l.indexUsed == "record_db_index00")
        #expect(l.problems.isEmpty, "\(l.problems)")
        #expect(l.recordings.map { "\($0.state.rawValue) \($0.offset)+\($0.length) \($0.start.iso)–\($0.end?.iso ?? "nil")" } == [
            "complete 0+1048576 2026-11-20T21:30:00–2026-11-20T21:30:25",
            "recording 1048576+\(3 * 1028) 2026-11-20T21:30:30–2026-11-20T21:30:32",
        ])
        #expect(l.recordings.allSatisfy { $0.channel == nil && $0.checkedAgainstBytes })
    }

    @Test func hostileDatabasesGiveOneLine() throws {
        let c = SparseSource(name: "hiv00000.mp4")
        var rng = SplitMix64(seed: 0x5A17)
        let garbage = rng.bytes(4096)
        let l = try #require(RecorderLayouts.recognise(files: Self.files(garbage, container: c)).first)
        #expect(l.recordings.isEmpty)
        #expect(l.problems.count == 1 && l.problems[0].hasPrefix("record_db_index00 cannot be read: not a readable SQLite database"))

        // A view of the table's name could run any query: refused.
        let view = try Self.database("CREATE VIEW record_segment_idx_tb AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x AS file_no, 0 AS start_offset, 0 AS end_offset, 0 AS start_time_tv_sec, 0 AS end_time_tv_sec, 1 AS record_type, x AS rowid FROM n;", table: false)
        let v = try #require(RecorderLayouts.recognise(files: Self.files(view, container: c)).first)
        #expect(v.problems == ["record_db_index00 cannot be read: has no table record_segment_idx_tb"])

        let t = Self.t0
        let rows = try Self.database("""
            INSERT INTO record_segment_idx_tb VALUES (-1, 0, 10, \(t), \(t + 1), 1);
            INSERT INTO record_segment_idx_tb VALUES (0, 0, 10, \(t), \(t - 5), 1);
            INSERT INTO record_segment_idx_tb VALUES (0, 300000000, 300000010, \(t), \(t + 1), 1);
            INSERT INTO record_segment_idx_tb VALUES (0, 100, 50, \(t), \(t + 1), 1);
            """)
        let h = try #require(RecorderLayouts.recognise(files: Self.files(rows, container: c)).first)
        #expect(h.recordings.isEmpty)
        #expect(h.problems == [
            "record_db_index00 row 1: container number -1 is not one a card can hold; not listed",
            "record_db_index00 row 2: ends before it starts, or at no valid time; not listed",
            "record_db_index00 row 4: end offset 50 is not after 100 inside the container; not listed",
            "record_db_index00 row 3: starts at byte 300000000, outside the container's 268435456 bytes; not listed",
        ])
    }

    /// Mutated databases: SQLite refuses or reads them; either way the reader returns, bounded.
    @Test func mutatedDatabasesNeverCrash() throws {
        let t = Self.t0
        let clean = try Self.database((0..<50).map { "INSERT INTO record_segment_idx_tb VALUES (0, \($0 * 4096), \($0 * 4096 + 4096), \(t + $0), \(t + $0 + 1), 1);" }.joined())
        let c = SparseSource(name: "hiv00000.mp4")
        var rng = SplitMix64(seed: 0xDB)
        for round in 0..<200 {
            var bytes = clean
            for _ in 0..<(1 + Int(rng.next() % 16)) {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            for l in RecorderLayouts.recognise(files: Self.files(bytes, container: c)) {
                for r in l.recordings { #expect(r.offset + r.length <= c.size, "round \(round)") }
            }
        }
    }
}
