#ifndef SDCUSTODY_CSQLITE_SHIM_H
#define SDCUSTODY_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
