#ifndef SDCUSTODY_CLIBEXIF_SHIM_H
#define SDCUSTODY_CLIBEXIF_SHIM_H
#include <libexif/exif-data.h>
#include <libexif/exif-loader.h>
#include <libexif/exif-tag.h>
#include <libexif/exif-utils.h>
#endif
