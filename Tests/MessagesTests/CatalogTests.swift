import Testing
@testable import Messages

@Suite struct CatalogTests {
    /// Every key has a template in every language, with the same placeholders.
    @Test func everyKeyIsInEveryLanguageWithTheSamePlaceholders() {
        #expect(!Catalog.allKeys.isEmpty)
        #expect(Catalog.duplicateKeys(Catalog.englishTables).isEmpty, "a key is in two English areas")
        #expect(Catalog.duplicateKeys(Catalog.japaneseTables).isEmpty, "a key is in two Japanese areas")
        for key in Catalog.allKeys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let english = Catalog.table(.en)[key]
            #expect(english != nil, "\(key.rawValue) has no English text")
            for language in Language.allCases {
                let template = Catalog.table(language)[key]
                #expect(template != nil, "\(key.rawValue) has no \(language.rawValue) text")
                if let template, let english {
                    #expect(Localizer.placeholders(template) == Localizer.placeholders(english),
                            "\(key.rawValue): \(language.rawValue) placeholders differ from English")
                }
            }
        }
        for language in Language.allCases {
            #expect(Catalog.table(language).count == Catalog.allKeys.count)
        }
    }

    @Test func placeholdersAreFilledInTheLanguagesOwnOrder() {
        let en = Localizer(.en).text(.verifyInvalidOther, ["problems": "3"])
        let ja = Localizer(.ja).text(.verifyInvalidOther, ["problems": "3"])
        #expect(en == "invalid: 3 problems")
        #expect(ja == "異常: 問題が 3 件あります")
        #expect(Localizer(.ja).text(.acquireBytes, ["read": "1", "size": "2"]) == "読み取り:         2 バイト中 1 バイト")
        #expect(Localizer.fill("{a}{b}{a} {c}", ["a": "x", "b": "{a}"]) == "x{a}x {c}")
        #expect(Localizer.fill("no braces", ["a": "x"]) == "no braces")
        #expect(Localizer.fill("{unterminated", ["unterminated": "x"]) == "{unterminated")
        // Multi-byte text on both sides of a placeholder (the Japanese catalogue).
        #expect(Localizer.fill("記録 {seq}（{line} 行目）が書き換えられています", ["seq": "3", "line": "2"]) == "記録 3（2 行目）が書き換えられています")
        #expect(Localizer.fill("「{raw}」は{x}", ["raw": "ａ{b}"]) == "「ａ{b}」は{x}")
    }

    @Test(arguments: [
        ([:], Language.en),
        (["LANG": "ja_JP.UTF-8"], .ja),
        (["LANG": "C.UTF-8"], .en),
        (["LANG": "ja_JP.UTF-8", "LC_ALL": "C"], .en),
        (["LANG": "C", "LC_MESSAGES": "ja_JP.eucJP"], .ja),
        (["LANG": "ja_JP.UTF-8", "LC_ALL": ""], .ja),
        (["LANG": "fr_FR.UTF-8"], .en),
        (["LANG": "C", "SDCUSTODY_LANG": "ja"], .ja),
        (["LANG": "ja_JP.UTF-8", "SDCUSTODY_LANG": "en"], .en),
    ] as [([String: String], Language)])
    func languageFollowsTheLocaleInPOSIXOrder(environment: [String: String], expected: Language) {
        #expect(Language.resolve(option: nil, environment: environment) == expected)
    }

    @Test func theOptionWinsOverEverything() {
        #expect(Language.resolve(option: "en", environment: ["SDCUSTODY_LANG": "ja", "LANG": "ja_JP.UTF-8"]) == .en)
        #expect(Language.resolve(option: "ja", environment: [:]) == .ja)
    }

    @Test func displayWidthCountsWideCharactersTwice() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("録画") == 4)
        #expect(DisplayWidth.of("ｱｲｳ") == 3)  // halfwidth katakana: one column each
        #expect(DisplayWidth.of("ＡＢ") == 4)  // fullwidth Latin
        #expect(DisplayWidth.of("e\u{301}") == 1)  // combining acute
        #expect(DisplayWidth.of("駐車場カメラ_正面.mp4") == 21)
        #expect(DisplayWidth.pad("録画", 6) == "録画  ")
        #expect(DisplayWidth.pad("12", 4, right: true) == "  12")
    }
}
