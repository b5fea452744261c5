extension Catalog {
    static let englishOtherCheck: [MessageKey: String] = [
        .ocCannotReachTheObjectStore: "cannot reach the object store at {endpoint}: {reason}",
        .ocTheStoreAnsweredHTTP: "{operation} {target}: the store answered HTTP {status}",
        .ocTheStoreSAnswerIs: "{operation}: the store's answer is not understood: {reason}",
        .ocAlreadyExists: "{out} already exists",
        .ocCannotStart: "cannot start {chromium}: {error}",
        .ocChromiumDidNotFinishWithin: "Chromium did not finish within {timeoutSeconds} s",
        .ocCannotPublish: "cannot publish {out}: {localizedDescription}",
        .ocNotReadMoreThanSmall: "{path}: not read (more than {maxFilesRead} small settings files on the card)",
        .ocCannotBeRead: "{path}: cannot be read: {error}",
        .ocTheOtherEndClosedThe: "the other end closed the pipe",
        .ocTimedOut: "timed out",
        .ocMalformedMessage: "malformed message: {why}",
        .ocPayloadTooLong: "payload too long",
    ]
}
