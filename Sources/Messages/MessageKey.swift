/// A message a person reads, by key. Each key has a template in every language's catalogue
/// (`Catalog/English/AREA+English.swift`, `Catalog/Japanese/AREA+Japanese.swift`) with the same `{name}`
/// placeholders; the catalogue test fails when one is missing or they disagree.
///
/// Keys are declared per area in extensions (`MessageKey+Core.swift`, …): `terminal.*` (the line
/// prefixes), then one group per command. Counts that English inflects have a `.one` and an
/// `.other` key.
public struct MessageKey: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}
