/// The catalogues, one per language.
enum Catalog {
    static func table(_ language: Language) -> [MessageKey: String] {
        switch language {
        case .en: return english
        case .ja: return japanese
        }
    }
}
