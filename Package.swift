// swift-tools-version:6.0
// sdcustody: read camera SD cards without mounting them, export footage as BagIt evidence bags,
// verify, encrypt (age v1 on OpenSSL) and log every step.
import PackageDescription

/// Library modules, one per concern. Each has a folder under Sources/ and a test target under Tests/.
let package = Package(
    name: "sdcustody",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sdcustody", targets: ["sdcustody"]),
        // The custody operations (export, seal, unseal, checks, access-log rule) for any front end.
        .library(name: "Custody", targets: ["Custody"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // C libraries found through pkg-config.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),

        // Thin Swift layer over libcrypto: digests, random, and the age primitives.
        .target(name: "OpenSSL", dependencies: ["CLibCrypto"]),
        // Read-only byte sources (image, split image, block device) and a bounds-checked reader.
        .target(name: "CardIO", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
        // MBR and GPT partition tables.
        .target(name: "Partitions", dependencies: ["CardIO"]),
        // What every card filesystem reports: entries, times, cluster runs, content streams.
        .target(name: "CardFileSystem", dependencies: ["CardIO"]),
        // FAT12/16/32 (Microsoft FAT specification).
        .target(name: "FAT", dependencies: ["CardIO", "CardFileSystem"]),
        // exFAT (Microsoft exFAT specification).
        .target(name: "ExFAT", dependencies: ["CardIO", "CardFileSystem"]),
        // Opens a SOURCE: finds the partition table and the filesystem, or a mounted folder.
        .target(name: "Card", dependencies: ["CardIO", "Partitions", "CardFileSystem", "FAT", "ExFAT", "OpenSSL", "Acquisition"]),
        // Bit-for-bit imaging of a card with hashes in the same pass, read-error map, SD registers.
        .target(name: "Acquisition", dependencies: ["CardIO", "OpenSSL"]),
        // Recording times from media headers (ISO BMFF, RIFF/AVI, MPEG-TS/PS, EXIF) and file names.
        .target(name: "MediaTime", dependencies: ["CardIO", "CardFileSystem", "CLibExif"]),
        // BagIt 1.0 (RFC 8493) writer and validator.
        .target(name: "BagIt", dependencies: ["OpenSSL", "CLibCrypto"]),
        // POSIX pax tar writer and a safe extractor.
        .target(name: "PaxTar", dependencies: []),
        // age v1 (age-encryption.org/v1) on libcrypto.
        .target(name: "Age", dependencies: ["OpenSSL"]),
        // Hash-chained, Ed25519-signed JSON Lines access log.
        .target(name: "AccessLog", dependencies: ["OpenSSL"]),
        // The custody core: export of a time window, stored names, provenance, seal/unseal, the
        // sealed-archive sidecar and its check, the bag evidence checks, the access-log rule.
        .target(name: "Custody", dependencies: [
            "CardIO", "CardFileSystem", "Card", "MediaTime", "BagIt", "PaxTar", "Age", "AccessLog", "OpenSSL", "Acquisition",
        ]),
        // The command-line interface: argument parsing and rendering over Custody; the executable
        // is a thin shell around it so tests can call it.
        .target(name: "SDCustodyCLI", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "Custody", "CardIO", "Partitions", "CardFileSystem", "Card", "MediaTime",
            "BagIt", "Age", "AccessLog", "OpenSSL", "Acquisition",
        ]),
        .executableTarget(name: "sdcustody", dependencies: ["SDCustodyCLI"]),

        // libFuzzer entry points, one per parser; built by tools/fuzz with -sanitize=fuzzer.
        .executableTarget(name: "FuzzMBR", dependencies: ["CardIO", "Partitions"], path: "Fuzz/FuzzMBR"),
        .executableTarget(name: "FuzzGPT", dependencies: ["CardIO", "Partitions"], path: "Fuzz/FuzzGPT"),
        .executableTarget(name: "FuzzFAT", dependencies: ["CardIO", "CardFileSystem", "FAT"], path: "Fuzz/FuzzFAT"),
        .executableTarget(name: "FuzzExFAT", dependencies: ["CardIO", "CardFileSystem", "ExFAT"], path: "Fuzz/FuzzExFAT"),
        .executableTarget(name: "FuzzMP4", dependencies: ["CardIO", "MediaTime"], path: "Fuzz/FuzzMP4"),
        .executableTarget(name: "FuzzAVI", dependencies: ["CardIO", "MediaTime"], path: "Fuzz/FuzzAVI"),
        .executableTarget(name: "FuzzMPEGTS", dependencies: ["CardIO", "MediaTime"], path: "Fuzz/FuzzMPEGTS"),
        .executableTarget(name: "FuzzEXIF", dependencies: ["CardIO", "MediaTime"], path: "Fuzz/FuzzEXIF"),
        .executableTarget(name: "FuzzAgeHeader", dependencies: ["Age"], path: "Fuzz/FuzzAgeHeader"),
        .executableTarget(name: "FuzzAgeDecrypt", dependencies: ["Age"], path: "Fuzz/FuzzAgeDecrypt"),

        // Appends test entries to a log from real processes (concurrency and kill tests); tests only.
        .executableTarget(name: "log-append-test", dependencies: ["AccessLog", "Custody"], path: "Tests/Tools/LogAppendTest"),
        .target(name: "TestSupport", dependencies: ["CardIO"], path: "Tests/TestSupport"),
        .testTarget(name: "CardIOTests", dependencies: ["CardIO", "CardFileSystem", "TestSupport"]),
        .testTarget(name: "PartitionsTests", dependencies: ["Partitions", "CardIO", "TestSupport"]),
        .testTarget(name: "FATTests", dependencies: ["FAT", "CardFileSystem", "CardIO", "TestSupport"]),
        .testTarget(name: "ExFATTests", dependencies: ["ExFAT", "CardFileSystem", "CardIO", "TestSupport"]),
        .testTarget(name: "CardTests", dependencies: ["Card", "CardIO", "CardFileSystem", "OpenSSL", "TestSupport"]),
        .testTarget(name: "MediaTimeTests", dependencies: ["MediaTime", "CardIO", "CardFileSystem", "TestSupport"]),
        .testTarget(name: "BagItTests", dependencies: ["BagIt", "OpenSSL", "TestSupport"]),
        .testTarget(name: "PaxTarTests", dependencies: ["PaxTar", "TestSupport"]),
        .testTarget(name: "AgeTests", dependencies: ["Age", "OpenSSL", "TestSupport"]),
        .testTarget(name: "AccessLogTests", dependencies: ["AccessLog", "OpenSSL", "TestSupport"]),
        .testTarget(name: "OpenSSLTests", dependencies: ["OpenSSL", "TestSupport"]),
        .testTarget(name: "AcquisitionTests", dependencies: ["Acquisition", "CardIO", "OpenSSL", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["SDCustodyCLI", "Custody", "OpenSSL", "TestSupport"]),
        .testTarget(name: "CustodyTests", dependencies: ["Custody", "TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
