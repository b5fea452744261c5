extension Catalog {
    static let englishAge: [MessageKey: String] = [
        .ageNoMatch: "no identity matched: {why}",
        .ageHMACFailure: "damaged header: the header MAC does not verify",
        .ageHeaderFailure: "damaged header: {why}",
        .agePayloadFailure: "damaged payload: {why}",
        .ageArmorFailure: "damaged ASCII armor: {why}",
        .ageCryptoFailure: "cryptography failed: {why}",
    ]
}
