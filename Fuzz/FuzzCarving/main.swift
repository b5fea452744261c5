import Carving

// libFuzzer entry point; built by tools/fuzz with -sanitize=fuzzer,address.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    CarvingFuzzing.exercise(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
