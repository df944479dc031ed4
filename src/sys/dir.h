/*
 * dir.h - the directory edge: list a folder with each entry's own type.
 * No decisions: which folders to list and what the names mean are the
 * caller's (src/core/livecheck.h for the export).
 */
#ifndef NETBOOT_DIR_H
#define NETBOOT_DIR_H

#include <stddef.h>

/*
 * Call fn(name, mode, arg) for each entry of the folder path but "." and
 * "..", at most max of them, in readdir order; mode is lstat(2)'s st_mode
 * of the entry (a symbolic link is reported as one, never followed), 0
 * when lstat failed.  Stops when fn returns non-zero.  Like every read of
 * the export, it can block on a hard NFS mount whose server stopped
 * answering: run it under mnt_call_timed().  0 or -errno (opendir).
 */
int dir_list(const char *path, size_t max,
	     int (*fn)(const char *name, unsigned mode, void *arg), void *arg);

#endif
