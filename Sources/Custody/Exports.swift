// The modules whose types appear in Custody's public API (a card source and its volumes, a time
// window, age recipients, bag reports, access-log records, typed records, streams and digests),
// re-exported so that a front end is written against `import Custody` alone.
@_exported import AccessLog
@_exported import Acquisition
@_exported import Audit
@_exported import Age
@_exported import BagIt
@_exported import Card
@_exported import Carving
@_exported import CardFileSystem
@_exported import CardIO
@_exported import Codecs
@_exported import DigestIO
@_exported import MediaTime
@_exported import MediaProtocol
@_exported import OpenSSL
@_exported import Partitions
@_exported import Records
@_exported import Recorders
@_exported import SystemIO
@_exported import Messages
