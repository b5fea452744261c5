/// `--help`: the longer descriptions of the commands.
extension MessageKey {
    public static let helpRootDiscussion = MessageKey("help.root.discussion")
    public static let helpSealDiscussion = MessageKey("help.seal.discussion")
    public static let helpUnsealDiscussion = MessageKey("help.unseal.discussion")
    public static let helpKeygenDiscussion = MessageKey("help.keygen.discussion")
    public static let helpEncryptDiscussion = MessageKey("help.encrypt.discussion")
    public static let helpDecryptDiscussion = MessageKey("help.decrypt.discussion")
    public static let helpLogDiscussion = MessageKey("help.log.discussion")
    public static let helpCatDiscussion = MessageKey("help.cat.discussion")
    public static let helpVerifyDiscussion = MessageKey("help.verify.discussion")
    public static let helpLsDiscussion = MessageKey("help.ls.discussion")
    public static let helpExportDiscussion = MessageKey("help.export.discussion")
    public static let helpAcquireDiscussion = MessageKey("help.acquire.discussion")
    public static let helpClockDiscussion = MessageKey("help.clock.discussion")
    public static let helpInfoDiscussion = MessageKey("help.info.discussion")
}
