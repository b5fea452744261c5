import Testing
@testable import CardFileSystem

@Suite struct SafeNameTests {
    @Test(arguments: [
        ("CLIP0001.MP4", "CLIP0001.MP4", false),
        ("駐車場_20261120.mp4", "駐車場_20261120.mp4", false),
        ("..", "%2E%2E", true),
        (".", "%2E", true),
        ("a/b", "a%2Fb", true),
        ("a\\b", "a%5Cb", true),
        ("a\u{0}b", "a%00b", true),
    ])
    func safeNames(raw: String, expected: String, noted: Bool) {
        let (name, note) = SafeName.make(raw)
        #expect(name == expected)
        #expect((note != nil) == noted)
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() {
        let (name, note) = SafeName.decodeUTF16([0x41, 0xD800, 0x42])
        #expect(name == "A\u{FFFD}B")
        #expect(note != nil)
        #expect(SafeName.decodeUTF16(Array("日本".utf16)).name == "日本")
    }
}
