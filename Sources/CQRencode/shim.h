#ifndef CQRENCODE_SHIM_H
#define CQRENCODE_SHIM_H
/* libqrencode: QR codes for the supervision notice's link to its case page. */
#include <qrencode.h>
#endif
