/// `--help`: each command's one-line abstract.
extension MessageKey {
    public static let helpSdcustodyAbstract = MessageKey("help.sdcustody.abstract")
    public static let helpAcquireAbstract = MessageKey("help.acquire.abstract")
    public static let helpCatAbstract = MessageKey("help.cat.abstract")
    public static let helpDecryptAbstract = MessageKey("help.decrypt.abstract")
    public static let helpEncryptAbstract = MessageKey("help.encrypt.abstract")
    public static let helpExportAbstract = MessageKey("help.export.abstract")
    public static let helpInfoAbstract = MessageKey("help.info.abstract")
    public static let helpKeygenAbstract = MessageKey("help.keygen.abstract")
    public static let helpLogAbstract = MessageKey("help.log.abstract")
    public static let helpLogShowAbstract = MessageKey("help.log.show.abstract")
    public static let helpLogVerifyAbstract = MessageKey("help.log.verify.abstract")
    public static let helpLogHeadAbstract = MessageKey("help.log.head.abstract")
    public static let helpLsAbstract = MessageKey("help.ls.abstract")
    public static let helpSealAbstract = MessageKey("help.seal.abstract")
    public static let helpUnsealAbstract = MessageKey("help.unseal.abstract")
    public static let helpVerifyAbstract = MessageKey("help.verify.abstract")
}
