#include <spawn.h>
/* glibc's GNU extensions (2.29, 2.34), declared here because Swift's Glibc module is built without _GNU_SOURCE. */
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
