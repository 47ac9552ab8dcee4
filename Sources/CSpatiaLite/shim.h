#ifndef CSPATIALITE_SHIM_H
#define CSPATIALITE_SHIM_H
/* spatialite.h does not include sqlite3.h itself. */
#include <sqlite3.h>
#include <spatialite.h>

/* sqlite3_db_config() is variadic and not imported by Swift. */
static inline int csl_enable_c_load_extension(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, (int *)0);
}
/* SQLITE_TRANSIENT is a cast macro Swift cannot import. */
static inline sqlite3_destructor_type csl_transient(void) { return SQLITE_TRANSIENT; }
#endif
