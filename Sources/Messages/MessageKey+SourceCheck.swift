/// Why a source, a folder tree or a name on the card cannot be read as it is (Card, CardIO, CardFileSystem).
/// Reasons and notes of the lower modules, worded here so they read in the run's language.
extension MessageKey {
    public static let scTheFirstSectorIsAll = MessageKey("check.sourcecheck.scTheFirstSectorIsAll")
    public static let scDeletedFilesCannotBeSeen = MessageKey("check.sourcecheck.scDeletedFilesCannotBeSeen")
    public static let scNestedDeeperThanFoldersNot = MessageKey("check.sourcecheck.scNestedDeeperThanFoldersNot")
    public static let scCannotReadFolder = MessageKey("check.sourcecheck.scCannotReadFolder")
    public static let scMoreThanEntriesTheRest = MessageKey("check.sourcecheck.scMoreThanEntriesTheRest")
    public static let scSymbolicLinkNotFollowed = MessageKey("check.sourcecheck.scSymbolicLinkNotFollowed")
    public static let scFolderSeenTwiceALoop = MessageKey("check.sourcecheck.scFolderSeenTwiceALoop")
    public static let scNotARegularFileLinks = MessageKey("check.sourcecheck.scNotARegularFileLinks")
    public static let scNotAFileOrBlock = MessageKey("check.sourcecheck.scNotAFileOrBlock")
    public static let scCannotFindItsSize = MessageKey("check.sourcecheck.scCannotFindItsSize")
    public static let scNotAnImageFileBlock = MessageKey("check.sourcecheck.scNotAnImageFileBlock")
    public static let scIsAFolderNotAn = MessageKey("check.sourcecheck.scIsAFolderNotAn")
    public static let scExpectedAFirstPartEnding = MessageKey("check.sourcecheck.scExpectedAFirstPartEnding")
    public static let scPartsTooLarge = MessageKey("check.sourcecheck.scPartsTooLarge")
    public static let scFileData = MessageKey("check.sourcecheck.scFileData")
    public static let scNameCannotBeUsedAs = MessageKey("check.sourcecheck.scNameCannotBeUsedAs")
    public static let scEmptyNameShownAs00 = MessageKey("check.sourcecheck.scEmptyNameShownAs00")
    public static let scNameHoldsCharactersThatCannot = MessageKey("check.sourcecheck.scNameHoldsCharactersThatCannot")
    public static let scNameHoldsUnpairedUTF16 = MessageKey("check.sourcecheck.scNameHoldsUnpairedUTF16")
}
