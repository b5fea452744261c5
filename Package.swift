// swift-tools-version:6.0
// sdcustody: read camera SD cards without mounting them, export footage as BagIt evidence bags,
// verify, encrypt (age v1 on OpenSSL) and log every step.
import PackageDescription

/// Library modules, one per concern. Each has a folder under Sources/ and a test target under Tests/.
let package = Package(
    name: "sdcustody",
    products: [
        .executable(name: "sdcustody", targets: ["sdcustody"]),
        // The custody operations (export, seal, unseal, checks, access-log rule) for any front end.
        .library(name: "Custody", targets: ["Custody"]),
        // The sandboxed media helper sdcustody starts for `frames` and `export --playable`; it is
        // installed beside sdcustody.
        .executable(name: "sdcustody-media", targets: ["sdcustody-media"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // C libraries found through pkg-config.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        // SQLite, for the recorder index some Hikvision firmware keeps as a database.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // libqrencode, for the QR code of the hash block on the handover report.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),

        // System calls Swift's Glibc module does not export (sync_file_range, renameat2, ...).
        .target(name: "CSystemShim"),
        // FFmpeg's libavformat, libavcodec, libswscale and libavutil, for the media helper only.
        .systemLibrary(name: "CFFmpeg", pkgConfig: "libavformat",
                       providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev"])]),
        // The one system-I/O layer: byte streams, file descriptors with EINTR retried in one
        // place, atomic publishing, errno text, quoting of hostile names.
        .target(name: "SystemIO", dependencies: [.product(name: "SystemPackage", package: "swift-system"), "CSystemShim", "Messages"]),
        // Byte codecs without dependencies: JSON (ordered value, writers, strict parser), strict
        // base64, hex, UTC time stamps.
        .target(name: "Codecs", dependencies: ["Messages"]),
        // Thin Swift layer over libcrypto: digests, random, and the age primitives.
        .target(name: "OpenSSL", dependencies: ["CLibCrypto", "Codecs", "SystemIO", .product(name: "SystemPackage", package: "swift-system")]),
        // Stream outputs that hash what passes through (SystemIO sinks + OpenSSL digests).
        .target(name: "DigestIO", dependencies: ["SystemIO", "OpenSSL"]),
        // Read-only byte sources (image, split image, block device) and a bounds-checked reader.
        .target(name: "CardIO", dependencies: [.product(name: "SystemPackage", package: "swift-system"), "SystemIO", "Messages"]),
        // MBR and GPT partition tables.
        .target(name: "Partitions", dependencies: ["CardIO", "Messages"]),
        // What every card filesystem reports: entries, times, cluster runs, content streams.
        .target(name: "CardFileSystem", dependencies: ["CardIO", "Codecs", "Messages"]),
        // FAT12/16/32 (Microsoft FAT specification).
        .target(name: "FAT", dependencies: ["CardIO", "CardFileSystem", "Messages"]),
        // exFAT (Microsoft exFAT specification).
        .target(name: "ExFAT", dependencies: ["CardIO", "CardFileSystem", "Messages"]),
        // Opens a SOURCE: finds the partition table and the filesystem, or a mounted folder.
        .target(name: "Card", dependencies: ["CardIO", "Partitions", "CardFileSystem", "FAT", "ExFAT", "Records", "SystemIO", "Messages"]),
        // Bit-for-bit imaging of a card with hashes in the same pass, read-error map, SD registers.
        .target(name: "Acquisition", dependencies: ["CardIO", "OpenSSL", "SystemIO", "Codecs", "Records", "Messages"]),
        // Recording times from media headers (ISO BMFF, RIFF/AVI, MPEG-TS/PS, EXIF) and file names.
        .target(name: "MediaTime", dependencies: ["CardIO", "CardFileSystem", "CLibExif", "Messages"]),
        // Recorder layouts (Hikvision/EZVIZ ring containers and their index): recordings as byte
        // ranges of containers, with camera times from the index.
        .target(name: "Recorders", dependencies: ["CardIO", "CardFileSystem", "Codecs", "CSQLite", "MediaTime", "Messages"]),
        // Carving of unallocated clusters (issue 12): MP4/MOV, JPEG, MPEG-PS and DHAV finds with
        // the times their own bytes carry.
        .target(name: "Carving", dependencies: ["CardIO", "CardFileSystem", "MediaTime", "Recorders", "CSystemShim"]),
        // BagIt 1.0 (RFC 8493) writer and validator.
        .target(name: "BagIt", dependencies: ["OpenSSL", "SystemIO", "Messages"]),
        // POSIX pax tar writer and a safe extractor.
        .target(name: "PaxTar", dependencies: ["SystemIO", "Messages"]),
        // age v1 (age-encryption.org/v1) on libcrypto.
        .target(name: "Age", dependencies: ["OpenSSL", "SystemIO", "Codecs", "Messages"]),
        // Hash-chained, Ed25519-signed JSON Lines access log.
        .target(name: "AccessLog", dependencies: ["OpenSSL", "SystemIO", "Codecs", "Messages", .product(name: "SystemPackage", package: "swift-system")]),
        // The message catalogue (English, Japanese), language choice, display width.
        .target(name: "Messages"),
        // Typed records of every document the tool writes (acquisition record, provenance,
        // sealed-archive sidecar, export bag-info), each with a writer and a strict reader.
        .target(name: "Records", dependencies: ["Codecs", "Messages"]),
        // What a card reveals about its camera's security (Wi-Fi credentials, default passwords,
        // autorun scripts, firmware), read-only, without ever keeping a secret.
        .target(name: "Audit", dependencies: ["Card", "CardFileSystem", "CardIO", "Codecs", "Messages"]),
        // Swift owners of FFmpeg's objects and the helper's jobs (key frames, pictures, stream
        // copy), reading only through a custom AVIOContext. Linked into sdcustody-media alone.
        .target(name: "MediaDecoding", dependencies: ["CFFmpeg"]),
        // The request/response protocol between sdcustody and sdcustody-media over pipes.
        .target(name: "MediaProtocol", dependencies: ["Codecs", "Messages"]),
        // The helper that demuxes and decodes in a child process under setrlimit limits.
        .executableTarget(name: "sdcustody-media", dependencies: ["MediaDecoding", "MediaProtocol", "Codecs", "CFFmpeg", "CSystemShim"]),
        // AWS Signature Version 4 and an S3 client (Object Lock, multipart) over libcurl.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "ObjectStore", dependencies: ["OpenSSL", "Codecs", "CCurl", "Messages"]),
        // The custody core: export of a time window, stored names, provenance, seal/unseal, the
        // sealed-archive sidecar and its check, the bag evidence checks, the access-log rule.
        .target(name: "Custody", dependencies: [
            "CardIO", "CardFileSystem", "Partitions", "Card", "MediaTime", "Recorders", "BagIt", "PaxTar", "Age", "AccessLog",
            "OpenSSL", "Acquisition", "Records", "SystemIO", "DigestIO", "Codecs", "Messages", "Audit", "Carving",
            "MediaProtocol", "ObjectStore",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // The printable handover report (issue 14): one self-contained HTML page for A4, with the
        // coverage timeline (SVG), the QR code of the hash block (libqrencode) and key frames.
        .target(name: "HandoverReport", dependencies: ["Records", "Codecs", "Messages", "CQRencode"]),
        // The command-line interface: argument parsing and rendering over Custody; the executable
        // is a thin shell around it so tests can call it.
        .target(name: "SDCustodyCLI", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"), "Custody", "Messages",
            "HandoverReport",
            "ObjectStore",
        ]),
        .executableTarget(name: "sdcustody", dependencies: ["SDCustodyCLI"]),

        // libFuzzer entry points, one per parser; built by tools/fuzz with -sanitize=fuzzer.
        .executableTarget(name: "FuzzMBR", dependencies: ["Partitions"], path: "Fuzz/FuzzMBR"),
        .executableTarget(name: "FuzzGPT", dependencies: ["Partitions"], path: "Fuzz/FuzzGPT"),
        .executableTarget(name: "FuzzFAT", dependencies: ["FAT"], path: "Fuzz/FuzzFAT"),
        .executableTarget(name: "FuzzExFAT", dependencies: ["ExFAT"], path: "Fuzz/FuzzExFAT"),
        .executableTarget(name: "FuzzMP4", dependencies: ["MediaTime"], path: "Fuzz/FuzzMP4"),
        .executableTarget(name: "FuzzAVI", dependencies: ["MediaTime"], path: "Fuzz/FuzzAVI"),
        .executableTarget(name: "FuzzMPEGTS", dependencies: ["MediaTime"], path: "Fuzz/FuzzMPEGTS"),
        .executableTarget(name: "FuzzEXIF", dependencies: ["MediaTime"], path: "Fuzz/FuzzEXIF"),
        .executableTarget(name: "FuzzHikvisionIndex", dependencies: ["Recorders"], path: "Fuzz/FuzzHikvisionIndex"),
        .executableTarget(name: "FuzzAgeHeader", dependencies: ["Age"], path: "Fuzz/FuzzAgeHeader"),
        .executableTarget(name: "FuzzAgeDecrypt", dependencies: ["Age"], path: "Fuzz/FuzzAgeDecrypt"),
        .executableTarget(name: "FuzzCarving", dependencies: ["Carving"], path: "Fuzz/FuzzCarving"),
        .executableTarget(name: "FuzzAuditSettings", dependencies: ["Audit"], path: "Fuzz/FuzzAuditSettings"),

        // Appends test entries to a log from real processes (concurrency and kill tests); tests only.
        .executableTarget(name: "log-append-test", dependencies: ["AccessLog", "Custody"], path: "Tests/Tools/LogAppendTest"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CardIOTests", dependencies: ["CardIO", "CardFileSystem", "TestSupport"]),
        .testTarget(name: "PartitionsTests", dependencies: ["Partitions", "CardIO", "TestSupport"]),
        .testTarget(name: "FATTests", dependencies: ["FAT", "CardFileSystem", "CardIO", "TestSupport"]),
        .testTarget(name: "ExFATTests", dependencies: ["ExFAT", "CardFileSystem", "CardIO", "TestSupport"]),
        .testTarget(name: "CardTests", dependencies: ["Card", "CardIO", "CardFileSystem", "TestSupport"]),
        .testTarget(name: "RecordersTests", dependencies: ["Recorders", "CardIO", "CardFileSystem", "TestSupport"]),
        .testTarget(name: "MediaTimeTests", dependencies: ["MediaTime", "CardIO", "CardFileSystem", "TestSupport"]),
        .testTarget(name: "BagItTests", dependencies: ["BagIt", "OpenSSL", "TestSupport"]),
        .testTarget(name: "PaxTarTests", dependencies: ["PaxTar", "SystemIO", "TestSupport"]),
        .testTarget(name: "AgeTests", dependencies: ["Age", "OpenSSL", "SystemIO", "Codecs", "TestSupport"]),
        .testTarget(name: "AccessLogTests", dependencies: ["AccessLog", "OpenSSL", "Codecs", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "OpenSSLTests", dependencies: ["OpenSSL", "TestSupport"]),
        .testTarget(name: "AcquisitionTests", dependencies: ["Acquisition", "CardIO", "OpenSSL", "TestSupport"]),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs"]),
        .testTarget(name: "SystemIOTests", dependencies: ["SystemIO", "DigestIO", "OpenSSL", "TestSupport", .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(name: "CLITests", dependencies: ["SDCustodyCLI", "Custody", "Messages", "OpenSSL", "Codecs", "TestSupport"]),
        .testTarget(name: "CustodyTests", dependencies: ["Custody", "TestSupport"]),
        .testTarget(name: "MessagesTests", dependencies: ["Messages", "TestSupport"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Card", "CardFileSystem", "CardIO", "TestSupport"]),
        .testTarget(name: "HandoverTests", dependencies: ["Custody", "HandoverReport", "Records", "Codecs", "TestSupport"]),
        .testTarget(name: "MediaHelperTests", dependencies: ["Custody", "MediaProtocol", "Codecs", "TestSupport"]),
        .testTarget(name: "CarvingTests", dependencies: ["Carving", "FAT", "ExFAT", "CardFileSystem", "CardIO", "Recorders", "OpenSSL", "Codecs", "TestSupport"]),
        .testTarget(name: "ObjectStoreTests", dependencies: ["ObjectStore", "OpenSSL", "Codecs", "Custody", "TestSupport"]),
        .testTarget(name: "RecordsTests", dependencies: ["Records", "Codecs", "TestSupport"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
