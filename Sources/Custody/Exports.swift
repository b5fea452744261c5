// The modules whose types appear in Custody's public API (a card source, a time window, age
// recipients, bag reports, access-log records), re-exported so that a front end can be written
// against `import Custody` alone.
@_exported import AccessLog
@_exported import Age
@_exported import BagIt
@_exported import Card
@_exported import CardFileSystem
@_exported import MediaTime
@_exported import OpenSSL
@_exported import Records
@_exported import Codecs
@_exported import SystemIO
@_exported import Acquisition
