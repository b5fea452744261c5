/// Carries a value that is not `Sendable` to the one thread that uses it from then on (a
/// decryptor handed to its worker thread). Safe because the sender gives the value up: it does not
/// touch it again until that thread has been joined.
final class HandOff<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
