import Messages
/// Names of GPT partition type GUIDs (UEFI spec §5.3.3 Table 5-7 for the EFI ones; the others as
/// Microsoft, Linux's Discoverable Partitions Specification and Apple define them).
enum GPTPartitionType {
    static let known: [String: String] = [
        "C12A7328-F81F-11D2-BA4B-00A0C93EC93B": "EFI System",
        "024DEE41-33E7-11D3-9D69-0008C781F39F": "MBR partition scheme",
        "21686148-6449-6E6F-744E-656564454649": "BIOS boot",
        "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7": "Microsoft basic data",
        "E3C9E316-0B5C-4DB8-817D-F92DF00215AE": "Microsoft reserved",
        "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC": "Windows recovery environment",
        "5808C8AA-7E8F-42E0-85D2-E1E90434CFB3": "Windows LDM metadata",
        "AF9B60A0-1431-4F62-BC68-3311714A69AD": "Windows LDM data",
        "0FC63DAF-8483-4772-8E79-3D69D8477DE4": "Linux filesystem",
        "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F": "Linux swap",
        "E6D6D379-F507-44C2-A23C-238F2A3DF928": "Linux LVM",
        "A19D880F-05FC-4D3B-A006-743F0F84911E": "Linux RAID",
        "933AC7E1-2EB4-4F13-B844-0E14E2AEF915": "Linux home",
        "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709": "Linux root (x86-64)",
        "44479540-F297-41B2-9AF7-D131D5F0458A": "Linux root (x86)",
        "B921B045-1DF0-41C3-AF44-4C6F280D3FAE": "Linux root (ARM-64)",
        "69DAD710-2CE4-4E3C-B16C-21A1D49ABED3": "Linux root (ARM)",
        "48465300-0000-11AA-AA11-00306543ECAC": "Apple HFS+",
        "7C3457EF-0000-11AA-AA11-00306543ECAC": "Apple APFS",
        "516E7CB4-6ECF-11D6-8FF8-00022D09712B": "FreeBSD data",
    ]

    /// "Microsoft basic data", or "unknown type <GUID>".
    static func describe(_ guid: GUID) -> String {
        let text = guid.description
        return known[text] ?? "unknown type \(text)"
    }
}
