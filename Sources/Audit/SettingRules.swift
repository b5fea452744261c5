/// How the audit reads the names and values of settings. Key names are matched, never values,
/// except where a value is compared in place (a known default, a switch being on).
enum SettingRules {
    /// The passwords makers ship on every camera (issue 16, from the Tokyo police's and the
    /// makers' own lists); an empty password counts as well. Compared without case.
    static let knownDefaults: [StaticString] = [
        "blackvue", "12345678", "123456789", "1234567890", "admin", "0000", "888888", "666666",
        "password", "multipas",
    ]

    /// Words that make a key a password or key, longest first so `password` is cut before `pass`.
    static let secretWords = ["passphrase", "password", "passwd", "pass", "pwd", "psk", "pw", "key", "secret", "token"]

    /// The key holds a password, a network key or another secret. Erring on this side is safe:
    /// a value taken for a secret is never shown.
    static func isSecretKey(_ key: String) -> Bool {
        if key == "key_mgmt" || key.hasSuffix("_mgmt") || key.hasSuffix("key_id") { return false }
        if key.hasPrefix("wep_key") { return true }
        if key.contains("pass") || key.contains("secret") || key.contains("token") { return true }
        return key.hasSuffix("pw") || key.hasSuffix("pwd") || key.hasSuffix("psk") || key.hasSuffix("key")
    }

    /// The key names a wireless network (`ssid`, `ap_ssid`, `sta2_ssid`, `wifiSSID`).
    static func isNetworkNameKey(_ key: String) -> Bool { key.contains("ssid") && !isSecretKey(key) }

    /// What comes before the network-name or secret word, without separators: `ap` for both
    /// `ap_ssid` and `ap_pw`, `sta2` for `sta2_ssid` and `sta2_pw`, "" for `ssid` and `psk`.
    /// Names and secrets with the same prefix in one group belong together.
    static func prefix(_ key: String) -> String {
        var cut = key
        if let r = key.firstRange(of: "ssid") {
            cut = String(key[..<r.lowerBound])
        } else if key.hasPrefix("wep_key") {
            cut = ""
        } else {
            for word in secretWords {
                if let r = key.ranges(of: word).last { cut = String(key[..<r.lowerBound]); break }
            }
        }
        for tail in ["wifi", "wlan"] where cut.hasSuffix(tail) && cut != tail {
            // `sta_wifi_pw` and `sta_ssid` still pair.
            cut = String(cut.dropLast(tail.count))
        }
        return cut.trimmingSeparators
    }

    /// Which side of the wireless link a setting is on.
    enum Role: String {
        /// The camera's own access point, which phones and laptops join to download footage.
        case accessPoint = "access_point"
        /// A network the camera joins (an office, a shop, a home: and through it the internet).
        case joinedNetwork = "joined_network"
        case unknown
    }

    static func role(prefix: String, section: String, groupKeys: [String: String]) -> Role {
        // mode=2 (wpa_supplicant) or a switched-on access point in the group: the camera's own
        // access point; other wpa_supplicant blocks are networks joined.
        if groupKeys["mode"] == "2" { return .accessPoint }
        if section == "network" { return .joinedNetwork }
        for p in [prefix, section] {
            if p.hasPrefix("ap") || p.hasPrefix("softap") || p.hasPrefix("hotspot") || p.hasPrefix("accesspoint") || p == "wifi_ap" {
                return .accessPoint
            }
            if p.hasPrefix("sta") || p.hasPrefix("client") || p.hasPrefix("cloud") || p.hasPrefix("router") || p.hasPrefix("home") {
                return .joinedNetwork
            }
        }
        return .unknown
    }

    /// Keys that switch the camera's access point on (BlackVue `[Wifi] onstart=1`, and the
    /// names other makers use); in a wireless section, plain `enable`/`enabled`/`on` too.
    static func isAccessPointSwitch(_ key: String, section: String) -> Bool {
        let names: Set<String> = ["onstart", "wifi_onstart", "wifionstart", "ap_enable", "apenable", "ap_enabled", "ap_on",
                                  "wifi_enable", "wifienable", "wifi_enabled", "wifi_on", "wifion", "enable_wifi",
                                  "enablewifi", "enable_ap", "enableap", "autowifi", "auto_wifi", "wifi_auto_on",
                                  "wifi_auto", "softap_enable", "hotspot_enable", "wireless_enable"]
        if names.contains(key) { return true }
        let wireless = ["wifi", "wlan", "ap", "softap", "hotspot", "wireless"].contains(section)
        return wireless && ["enable", "enabled", "on", "start", "autostart"].contains(key)
    }

    /// Server functions a camera can run and the keys that switch them on.
    static func serverFunction(_ key: String) -> String? {
        let servers = ["telnet", "ftp", "ssh", "rtsp", "onvif", "upnp", "http", "web", "p2p", "dropbear"]
        for s in servers {
            if key == s || key == s + "d" || key == s + "_enable" || key == s + "_enabled" || key == "enable_" + s
                || key == s + "enable" || key == "enable" + s || key == s + "_on" || key == s + "_server" || key == s + "server" {
                return s == "dropbear" ? "ssh" : s
            }
        }
        return nil
    }

    /// Keys that switch the maker's cloud service on (BlackVue `[Cloud] CloudService=1`).
    static func isCloudSwitch(_ key: String, section: String) -> Bool {
        if ["cloudservice", "cloud_service", "cloud_enable", "cloudenable", "enable_cloud", "cloud_on", "cloud"].contains(key) { return true }
        return section == "cloud" && ["enable", "enabled", "on", "service"].contains(key)
    }

    /// The value switches something on: 1, true, on, yes, enable, enabled, auto.
    static func isOn(_ buffer: UnsafeRawBufferPointer, _ value: Range<Int>) -> Bool {
        for word: StaticString in ["1", "true", "on", "yes", "enable", "enabled", "auto"] where Bytes.equalsIgnoringCase(buffer, value, word) {
            return true
        }
        return false
    }

    /// How a secret is kept. Issue 16: clear text, hashed (exactly 32 or 64 hex digits: an MD5 or
    /// SHA-256, or wpa_supplicant's derived 256-bit PSK), or empty.
    enum SecretForm: String {
        case clearText = "clear_text"
        case hashed
        case empty
    }

    static func form(_ buffer: UnsafeRawBufferPointer, _ value: Range<Int>) -> SecretForm {
        if value.isEmpty { return .empty }
        if (value.count == 32 || value.count == 64) && Bytes.allHex(buffer, value) { return .hashed }
        return .clearText
    }

    /// The value equals a well-known default (or is empty), compared where it lies.
    static func isKnownDefault(_ buffer: UnsafeRawBufferPointer, _ value: Range<Int>) -> Bool {
        if value.isEmpty { return true }
        return knownDefaults.contains { Bytes.equalsIgnoringCase(buffer, value, $0) }
    }

    /// Keys of the camera's clock settings (BlackVue `[TimeSet] TimeZone=`, `Daylight=`).
    static func isZoneKey(_ key: String) -> Bool {
        ["timezone", "time_zone", "tz", "zone", "gmt", "utc_offset", "utcoffset", "gmt_offset", "gmtoffset", "timezone_offset"].contains(key)
    }

    static func isSummerTimeKey(_ key: String) -> Bool {
        ["daylight", "dst", "daylight_saving", "daylightsaving", "summertime", "summer_time", "dst_enable"].contains(key)
    }

    /// Keys that name the camera's model or firmware version.
    static func isModelKey(_ key: String) -> Bool { ["model", "model_name", "modelname", "product", "device_model"].contains(key) }
    static func isVersionKey(_ key: String) -> Bool {
        ["version", "fw_version", "fwversion", "firmware_version", "firmwareversion", "firmware", "fw_ver", "sw_version", "swversion"].contains(key)
    }
}

extension String {
    /// Without leading and trailing `_`, `-` and `.`.
    var trimmingSeparators: String {
        var s = Substring(self)
        while let c = s.first, c == "_" || c == "-" || c == "." { s = s.dropFirst() }
        while let c = s.last, c == "_" || c == "-" || c == "." { s = s.dropLast() }
        return String(s)
    }
}
