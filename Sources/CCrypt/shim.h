#ifndef CCRYPT_SHIM_H
#define CCRYPT_SHIM_H
/* libxcrypt (Debian libcrypt-dev): crypt_rn and crypt_gensalt_rn for yescrypt password hashes. */
#include <crypt.h>
#endif
