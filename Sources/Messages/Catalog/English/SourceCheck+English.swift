extension Catalog {
    static let englishSourceCheck: [MessageKey: String] = [
        .scTheFirstSectorIsAll: "the first sector is all zeros",
        .scDeletedFilesCannotBeSeen: "deleted files cannot be seen through a mounted folder; read the card's device or an image of it",
        .scNestedDeeperThanFoldersNot: "{relative}: nested deeper than {maxDepth} folders; not listed",
        .scCannotReadFolder: "{relative}: cannot read folder: {reason}",
        .scMoreThanEntriesTheRest: "more than {maxEntries} entries; the rest are not listed",
        .scSymbolicLinkNotFollowed: "symbolic link; not followed",
        .scFolderSeenTwiceALoop: "{rel}: folder seen twice (a loop); not listed again",
        .scNotARegularFileLinks: "not a regular file (links are not followed)",
        .scNotAFileOrBlock: "not a file or block device",
        .scCannotFindItsSize: "cannot find its size: {reason}",
        .scNotAnImageFileBlock: "not an image file, block device or folder",
        .scIsAFolderNotAn: "is a folder, not an image or device",
        .scExpectedAFirstPartEnding: "expected a first part ending in .001",
        .scPartsTooLarge: "parts too large",
        .scFileData: "file data",
        .scNameCannotBeUsedAs: "name \"{raw}\" cannot be used as a file name; shown as {safe}",
        .scEmptyNameShownAs00: "empty name; shown as %00",
        .scNameHoldsCharactersThatCannot: "name holds characters that cannot appear in a path ({v}); shown escaped",
        .scNameHoldsUnpairedUTF16: "name holds unpaired UTF-16 surrogates; shown as U+FFFD",
    ]
}
