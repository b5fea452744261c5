#ifndef SDCUSTODY_CQRENCODE_SHIM_H
#define SDCUSTODY_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
