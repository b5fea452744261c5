/// The catalogues, one per language, each assembled from one table per area (`English/AREA+English.swift`,
/// `Japanese/AREA+Japanese.swift`), so that work on one command does not touch another's.
enum Catalog {
    /// Add an area's table to both lists.
    static let englishTables = [
        englishCore,
        englishHelp,
        englishStorage,
        englishLog,
        englishClock,
        englishCustody,
        englishOptions,
        englishDiscussions,
        englishAudit,
        englishDamage,
        englishRecorders,
        englishList,
        englishInfo,
        englishInfoDetails,
        englishAge,
        englishErrors,
        englishUsage,
        englishWarnings,
        englishNotes,
        englishChains,
        englishGeometry,
        englishHandover,
        englishMedia,
        englishAcquireVerify,
        englishCarving,
        englishObjectStore,
        englishLogCheck,
        englishBagCheck,
        englishTarCheck,
        englishAgeCheck,
        englishPartitionCheck,
        englishFATCheck,
        englishExFATCheck,
        englishSourceCheck,
        englishMediaCheck,
        englishRecordCheck,
        englishCustodyCheck,
        englishAcquireCheck,
        englishOtherCheck,
    ]
    static let japaneseTables = [
        japaneseCore,
        japaneseHelp,
        japaneseStorage,
        japaneseLog,
        japaneseClock,
        japaneseCustody,
        japaneseOptions,
        japaneseDiscussions,
        japaneseAudit,
        japaneseDamage,
        japaneseRecorders,
        japaneseList,
        japaneseInfo,
        japaneseInfoDetails,
        japaneseAge,
        japaneseErrors,
        japaneseUsage,
        japaneseWarnings,
        japaneseNotes,
        japaneseChains,
        japaneseGeometry,
        japaneseHandover,
        japaneseMedia,
        japaneseAcquireVerify,
        japaneseCarving,
        japaneseObjectStore,
        japaneseLogCheck,
        japaneseBagCheck,
        japaneseTarCheck,
        japaneseAgeCheck,
        japanesePartitionCheck,
        japaneseFATCheck,
        japaneseExFATCheck,
        japaneseSourceCheck,
        japaneseMediaCheck,
        japaneseRecordCheck,
        japaneseCustodyCheck,
        japaneseAcquireCheck,
        japaneseOtherCheck,
    ]

    static let english: [MessageKey: String] = merge(englishTables)
    static let japanese: [MessageKey: String] = merge(japaneseTables)

    static func table(_ language: Language) -> [MessageKey: String] {
        switch language {
        case .en: return english
        case .ja: return japanese
        }
    }

    /// Every key in any language's catalogue.
    static var allKeys: Set<MessageKey> { Set(english.keys).union(japanese.keys) }

    /// The area tables as one; a key in two areas is a mistake the catalogue test reports
    /// (`duplicateKeys`), and the later table's text wins meanwhile.
    static func merge(_ tables: [[MessageKey: String]]) -> [MessageKey: String] {
        tables.reduce(into: [:]) { out, table in out.merge(table) { _, later in later } }
    }

    static func duplicateKeys(_ tables: [[MessageKey: String]]) -> [MessageKey] {
        var seen = Set<MessageKey>(), duplicates: [MessageKey] = []
        for table in tables { for key in table.keys where !seen.insert(key).inserted { duplicates.append(key) } }
        return duplicates
    }
}
