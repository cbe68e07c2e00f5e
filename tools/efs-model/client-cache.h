/*
 * What makes the model behave like many NFS clients on one kernel: each process's writes are
 * held back until that process fsyncs or closes the file (close-to-open), the control file
 * that stalls one operation of one process or fails its next fsync with EIO, and the counters
 * the control file reads back. See client-cache.c.
 */
#ifndef EFS_MODEL_CLIENT_CACHE_H
#define EFS_MODEL_CLIENT_CACHE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The virtual control file at the mount's root. */
#define CONTROL_PATH "/.efs-model-control"

enum op { OP_OPEN, OP_READ, OP_WRITE, OP_FSYNC, OP_FLUSH, OP_RENAME, OP_CREATE, OP_UNLINK, OP_GETATTR, OP_LINK, OP_COUNT };

/* The process (thread group) of the caller of the current request. */
pid_t caller(void);

/* Counts the operation, then waits out a stall the control file asked for on this process, operation and (if it named one) file. */
void before(enum op op, pid_t pid, const char *path);

/* True once (and then forgotten) when the control file asked for this process's next fsync to fail. */
int take_fsync_error(pid_t pid);

/* Holds a write of `pid` to the backing file `fd` until that process flushes it. */
int hold_write(pid_t pid, int fd, const char *buf, size_t size, off_t offset);

/* Reads what `pid` sees: the backing file with its own held writes on top. */
int read_as(pid_t pid, int fd, char *buf, size_t size, off_t offset);

/* The size `pid` sees: the backing size or the end of its own held writes, whichever is larger. */
void size_as(pid_t pid, struct stat *st);

/* Writes `pid`'s held writes to this file through to the backing file (discard: drops them); returns how many. */
int flush_writes(pid_t pid, int fd, int discard);

/*
 * Whether a getattr of `path` by `pid` would reach the server: not when the same process asked
 * within the last second, as an NFS client answers from its attribute cache (the answer here is
 * the backing file's, fresh: each process sees its own sizes, which the kernel cannot cache).
 */
int attributes_expired(pid_t pid, const char *path);

/* Counts a close that sent held writes: a write round trip. */
void count_close_send(void);

/* The control file: a command written, or the counters read. */
int control_write(const char *buf, size_t size);
int control_read(char *buf, size_t size, off_t offset);

#endif
