/// age v1 files: what went wrong opening one.
extension MessageKey {
    public static let ageNoMatch = MessageKey("age.no_match")
    public static let ageHMACFailure = MessageKey("age.hmac_failure")
    public static let ageHeaderFailure = MessageKey("age.header_failure")
    public static let agePayloadFailure = MessageKey("age.payload_failure")
    public static let ageArmorFailure = MessageKey("age.armor_failure")
    public static let ageCryptoFailure = MessageKey("age.crypto_failure")
}
