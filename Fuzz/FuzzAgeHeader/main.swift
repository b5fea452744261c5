// libFuzzer entry point; built by tools/fuzz with -sanitize=fuzzer,address.
// Feeds arbitrary bytes to the age header parser; a header that parses must re-encode to itself.
import Age
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if !AgeFuzzing.exerciseHeader(bytes) { abort() }
    return 0
}
