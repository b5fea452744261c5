/// Why imaging a source failed or did not verify (Acquisition).
/// Reasons and notes of the lower modules, worded here so they read in the run's language.
extension MessageKey {
    public static let qcReadError = MessageKey("check.acquirecheck.qcReadError")
    public static let qcTheImageReadBackFrom = MessageKey("check.acquirecheck.qcTheImageReadBackFrom")
    public static let qcReadBackBytesWrote = MessageKey("check.acquirecheck.qcReadBackBytesWrote")
    public static let qcReadBackBytesWrote2 = MessageKey("check.acquirecheck.qcReadBackBytesWrote2")
    public static let qcReadBackBytesWrote3 = MessageKey("check.acquirecheck.qcReadBackBytesWrote3")
    public static let qcReadErrorAtByte = MessageKey("check.acquirecheck.qcReadErrorAtByte")
    public static let qcTheSourceEndedAtByte = MessageKey("check.acquirecheck.qcTheSourceEndedAtByte")
    public static let qcInterruptedAfterBytes = MessageKey("check.acquirecheck.qcInterruptedAfterBytes")
}
