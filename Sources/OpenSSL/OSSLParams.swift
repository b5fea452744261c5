import CLibCrypto

/// NUL-terminated names and values for `OSSL_PARAM` arrays. An `OSSL_PARAM` keeps the pointer it is
/// given, so a temporary C string bridged from a Swift `String` would dangle; these live for the
/// whole process instead. `nonisolated(unsafe)` is safe: each pointer is set once (lazily,
/// thread-safely, as every global is) and the bytes behind it are never written again; OpenSSL
/// only reads them.
enum ParamString {
    nonisolated(unsafe) static let digest = permanent("digest")          // OSSL_KDF_PARAM_DIGEST / OSSL_MAC_PARAM_DIGEST
    nonisolated(unsafe) static let key = permanent("key")                // OSSL_KDF_PARAM_KEY
    nonisolated(unsafe) static let salt = permanent("salt")              // OSSL_KDF_PARAM_SALT
    nonisolated(unsafe) static let info = permanent("info")              // OSSL_KDF_PARAM_INFO
    nonisolated(unsafe) static let mode = permanent("mode")              // OSSL_KDF_PARAM_MODE
    nonisolated(unsafe) static let sha256 = permanent("SHA256")

    static func permanent(_ s: String) -> UnsafeMutablePointer<CChar> {
        let c = Array(s.utf8CString)
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: c.count)
        p.initialize(from: c, count: c.count)
        return p
    }
}

/// An octet-string parameter over a buffer that may be empty (OpenSSL wants a non-null pointer).
func octetParam(_ name: UnsafePointer<CChar>, _ bytes: UnsafeRawBufferPointer) -> OSSL_PARAM {
    if let base = bytes.baseAddress, bytes.count > 0 {
        return OSSL_PARAM_construct_octet_string(name, UnsafeMutableRawPointer(mutating: base), bytes.count)
    }
    return OSSL_PARAM_construct_octet_string(name, UnsafeMutableRawPointer(mutating: emptyByte), 0)
}

/// `nonisolated(unsafe)` is safe: initialised once, never written afterwards (OpenSSL reads no
/// bytes through it: the length passed with it is 0).
nonisolated(unsafe) private let emptyByte: UnsafeMutablePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()
