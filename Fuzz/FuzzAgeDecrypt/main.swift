// libFuzzer entry point; built by tools/fuzz with -sanitize=fuzzer,address.
// Decrypts arbitrary bytes (binary or armored) with a fixed test identity and passphrase; every
// input must end in success or an AgeError, never a trap, hang or leak.
import Age

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    AgeFuzzing.exerciseDecrypt(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
