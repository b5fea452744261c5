/// The object store, the PDF printer, the card audit and the media helper's pipe.
/// Reasons and notes of the lower modules, worded here so they read in the run's language.
extension MessageKey {
    public static let ocCannotReachTheObjectStore = MessageKey("check.othercheck.ocCannotReachTheObjectStore")
    public static let ocTheStoreAnsweredHTTP = MessageKey("check.othercheck.ocTheStoreAnsweredHTTP")
    public static let ocTheStoreSAnswerIs = MessageKey("check.othercheck.ocTheStoreSAnswerIs")
    public static let ocAlreadyExists = MessageKey("check.othercheck.ocAlreadyExists")
    public static let ocCannotStart = MessageKey("check.othercheck.ocCannotStart")
    public static let ocChromiumDidNotFinishWithin = MessageKey("check.othercheck.ocChromiumDidNotFinishWithin")
    public static let ocCannotPublish = MessageKey("check.othercheck.ocCannotPublish")
    public static let ocNotReadMoreThanSmall = MessageKey("check.othercheck.ocNotReadMoreThanSmall")
    public static let ocCannotBeRead = MessageKey("check.othercheck.ocCannotBeRead")
    public static let ocTheOtherEndClosedThe = MessageKey("check.othercheck.ocTheOtherEndClosedThe")
    public static let ocTimedOut = MessageKey("check.othercheck.ocTimedOut")
    public static let ocMalformedMessage = MessageKey("check.othercheck.ocMalformedMessage")
    public static let ocPayloadTooLong = MessageKey("check.othercheck.ocPayloadTooLong")
}
