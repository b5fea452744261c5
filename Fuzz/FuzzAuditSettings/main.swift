// libFuzzer entry point; built by tools/fuzz with -sanitize=fuzzer,address.
import Audit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    AuditFuzzing.exerciseSettings(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
