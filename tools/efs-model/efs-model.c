/*
 * efs-model: a FUSE passthrough file system that adds a fixed latency to the operations
 * whose cost an NFS client pays in round trips to the server. A latency model for
 * benchmarks, not EFS: it has one kernel and one page cache, no network, no server-side
 * limits, and the backing directory's durability.
 *
 *   efs-model <backing-dir> <mountpoint> [-o fsync_us=N,open_us=N,create_us=N,rename_us=N,
 *             unlink_us=N,getattr_us=N] [libfuse options, e.g. -f]
 *
 * Each delay is added to the backing file system's own time for the call: fsync_us to
 * fsync and fdatasync of files, open_us to open, create_us to create/mknod/mkdir,
 * rename_us to rename, unlink_us to unlink and rmdir, getattr_us to every getattr that
 * reaches the file system (the kernel caches attributes for libfuse's attr_timeout).
 * Directory fsync adds nothing: NFS directory operations are synchronous on the server,
 * so an NFS client's fsync of a directory has nothing to send.
 * Requests run on libfuse's worker threads, so delays of concurrent calls overlap.
 *
 * Each process is a client of its own (client-cache.c): its writes wait in the model until it
 * fsyncs or closes the file, and only it sees them meanwhile; a close that sends writes waits
 * fsync_us, as an NFS close does. File data bypasses the kernel's page cache (direct I/O) and
 * attributes are not cached, so no process sees another's unsent writes through the kernel.
 * The control file at CONTROL_PATH stalls one operation of one process, or fails its next
 * fsync with EIO, and reads back how many of each operation the model served.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "client-cache.h"

static struct options {
	unsigned fsync_us, open_us, create_us, rename_us, unlink_us, getattr_us;
	const char *backing;
} opts = {
	/* AWS EFS User Guide, "Amazon EFS performance": Standard storage, General Purpose mode,
	 * read operations "as low as 250 µs", write operations "as low as 2.7 ms". */
	.fsync_us = 2700, .open_us = 250, .create_us = 2700, .rename_us = 2700, .unlink_us = 2700, .getattr_us = 250,
};

#define OPTION(t, p) { t, offsetof(struct options, p), 1 }
static const struct fuse_opt option_spec[] = {
	OPTION("fsync_us=%u", fsync_us),   OPTION("open_us=%u", open_us),     OPTION("create_us=%u", create_us),
	OPTION("rename_us=%u", rename_us), OPTION("unlink_us=%u", unlink_us), OPTION("getattr_us=%u", getattr_us),
	FUSE_OPT_END,
};

static int base = -1;

/* Paths from libfuse start with '/'; the backing file is that path under the backing directory. */
static const char *rel(const char *path) { return path[1] ? path + 1 : "."; }

static void delay(unsigned us) {
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };
	while (us && nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

#define CHECK(call) ((call) == -1 ? -errno : 0)

/* The control file's handle: no backing file behind it. */
#define CONTROL_FH ((uint64_t)-1)
static int is_control(const char *path) { return path && strcmp(path, CONTROL_PATH) == 0; }

/* Whether each backing descriptor was opened for writing: a flush request does not say. */
static unsigned char writable[1 << 16];
static void remember_mode(int fd, int flags) {
	if (fd >= 0 && fd < (int)sizeof writable) writable[fd] = (flags & O_ACCMODE) != O_RDONLY;
}

static void *model_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
	(void)conn;
	cfg->use_ino = 1;
	/* Sizes differ per process (each sees its own unsent writes): the kernel must ask every time. */
	cfg->direct_io = 1;
	cfg->attr_timeout = 0;
	return NULL;
}

/*
 * fstat of an open file is answered from what the open revalidated, and a path asked about within
 * the last second from the client's attribute cache, as an NFS client does: no delay for either.
 */
static int model_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
	if (is_control(path)) {
		memset(st, 0, sizeof *st);
		st->st_mode = S_IFREG | 0666;
		st->st_nlink = 1;
		return 0;
	}
	pid_t pid = caller();
	if (!fi && attributes_expired(pid, path)) {
		before(OP_GETATTR, pid, path);
		delay(opts.getattr_us);
	}
	int res = CHECK(fi ? fstat(fi->fh, st) : fstatat(base, rel(path), st, AT_SYMLINK_NOFOLLOW));
	if (res == 0 && S_ISREG(st->st_mode)) size_as(pid, st);
	return res;
}

static int model_access(const char *path, int mask) { return CHECK(faccessat(base, rel(path), mask, 0)); }

static int model_readlink(const char *path, char *buf, size_t size) {
	ssize_t n = readlinkat(base, rel(path), buf, size - 1);
	if (n == -1) return -errno;
	buf[n] = '\0';
	return 0;
}

static int model_mknod(const char *path, mode_t mode, dev_t rdev) {
	before(OP_CREATE, caller(), NULL);
	delay(opts.create_us);
	return CHECK(mknodat(base, rel(path), mode, rdev));
}

static int model_mkdir(const char *path, mode_t mode) {
	before(OP_CREATE, caller(), NULL);
	delay(opts.create_us);
	return CHECK(mkdirat(base, rel(path), mode));
}

static int model_unlink(const char *path) {
	before(OP_UNLINK, caller(), path);
	delay(opts.unlink_us);
	return CHECK(unlinkat(base, rel(path), 0));
}

static int model_rmdir(const char *path) {
	before(OP_UNLINK, caller(), path);
	delay(opts.unlink_us);
	return CHECK(unlinkat(base, rel(path), AT_REMOVEDIR));
}

static int model_symlink(const char *target, const char *path) {
	delay(opts.create_us);
	return CHECK(symlinkat(target, base, rel(path)));
}

static int model_rename(const char *from, const char *to, unsigned int flags) {
	before(OP_RENAME, caller(), from);
	delay(opts.rename_us);
	return CHECK(renameat2(base, rel(from), base, rel(to), flags));
}

/* A hard link is a write the server makes durable, as a rename is. */
static int model_link(const char *from, const char *to) {
	before(OP_LINK, caller(), NULL);
	delay(opts.create_us);
	return CHECK(linkat(base, rel(from), base, rel(to), 0));
}

static int model_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
	return CHECK(fi ? fchmod(fi->fh, mode) : fchmodat(base, rel(path), mode, 0));
}

static int model_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
	return CHECK(fi ? fchown(fi->fh, uid, gid) : fchownat(base, rel(path), uid, gid, AT_SYMLINK_NOFOLLOW));
}

/* An NFS client sends what it holds of a file before it changes the file's size. */
static int model_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
	if (is_control(path)) return 0;
	if (fi) {
		int flushed = flush_writes(caller(), (int)fi->fh, 0);
		if (flushed < 0) return flushed;
		return CHECK(ftruncate(fi->fh, size));
	}
	int fd = openat(base, rel(path), O_WRONLY);
	if (fd == -1) return -errno;
	int res = CHECK(ftruncate(fd, size));
	close(fd);
	return res;
}

static int model_utimens(const char *path, const struct timespec ts[2], struct fuse_file_info *fi) {
	if (is_control(path)) return 0;
	return CHECK(fi ? futimens(fi->fh, ts) : utimensat(base, rel(path), ts, AT_SYMLINK_NOFOLLOW));
}

static int model_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
	if (is_control(path)) return fi->fh = CONTROL_FH, 0;
	before(OP_CREATE, caller(), path);
	delay(opts.create_us);
	int fd = openat(base, rel(path), fi->flags, mode);
	if (fd == -1) return -errno;
	remember_mode(fd, fi->flags);
	fi->fh = fd;
	return 0;
}

static int model_open(const char *path, struct fuse_file_info *fi) {
	if (is_control(path)) return fi->fh = CONTROL_FH, 0;
	before(OP_OPEN, caller(), path);
	delay(opts.open_us);
	int fd = openat(base, rel(path), fi->flags);
	if (fd == -1) return -errno;
	remember_mode(fd, fi->flags);
	fi->fh = fd;
	return 0;
}

static int model_read(const char *path, char *buf, size_t size, off_t offset, struct fuse_file_info *fi) {
	(void)path;
	if (fi->fh == CONTROL_FH) return control_read(buf, size, offset);
	pid_t pid = caller();
	before(OP_READ, pid, path);
	return read_as(pid, (int)fi->fh, buf, size, offset);
}

static int model_write(const char *path, const char *buf, size_t size, off_t offset, struct fuse_file_info *fi) {
	(void)path;
	if (fi->fh == CONTROL_FH) return control_write(buf, size);
	pid_t pid = caller();
	before(OP_WRITE, pid, path);
	return hold_write(pid, (int)fi->fh, buf, size, offset);
}

static int model_statfs(const char *path, struct statvfs *st) {
	(void)path;
	return CHECK(fstatvfs(base, st));
}

/*
 * Closing a descriptor open for writing sends the process's unsent writes to the file, waiting for
 * the server as an fsync does (close-to-open; Linux's NFS client flushes on close of a writable
 * file only); close() of a duplicate reports the backing file system's deferred write errors.
 */
static int model_flush(const char *path, struct fuse_file_info *fi) {
	(void)path;
	if (fi->fh == CONTROL_FH) return 0;
	pid_t pid = caller();
	before(OP_FLUSH, pid, path);
	int fd = (int)fi->fh;
	int flushed = fd < (int)sizeof writable && !writable[fd] ? 0 : flush_writes(pid, fd, 0);
	if (flushed < 0) return flushed;
	if (flushed > 0) {
		count_close_send();
		delay(opts.fsync_us);
	}
	return CHECK(close(dup(fi->fh)));
}

static int model_release(const char *path, struct fuse_file_info *fi) {
	(void)path;
	if (fi->fh != CONTROL_FH) close(fi->fh);
	return 0;
}

/* A failed fsync drops what it was sending: a Linux NFS client marks those pages clean after reporting the error. */
static int model_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
	(void)path;
	if (fi->fh == CONTROL_FH) return 0;
	pid_t pid = caller();
	before(OP_FSYNC, pid, path);
	delay(opts.fsync_us);
	if (take_fsync_error(pid)) {
		flush_writes(pid, (int)fi->fh, 1);
		return -EIO;
	}
	int flushed = flush_writes(pid, (int)fi->fh, 0);
	if (flushed < 0) return flushed;
	return CHECK(datasync ? fdatasync(fi->fh) : fsync(fi->fh));
}

static int model_fallocate(const char *path, int mode, off_t offset, off_t length, struct fuse_file_info *fi) {
	(void)path;
	int flushed = flush_writes(caller(), (int)fi->fh, 0);
	if (flushed < 0) return flushed;
	return CHECK(fallocate(fi->fh, mode, offset, length));
}

static int model_opendir(const char *path, struct fuse_file_info *fi) {
	int fd = openat(base, rel(path), O_RDONLY | O_DIRECTORY);
	if (fd == -1) return -errno;
	DIR *dir = fdopendir(fd);
	if (!dir) {
		int err = errno;
		close(fd);
		return -err;
	}
	fi->fh = (uint64_t)(uintptr_t)dir;
	return 0;
}

static int model_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t offset, struct fuse_file_info *fi,
			 enum fuse_readdir_flags flags) {
	(void)path, (void)offset, (void)flags;
	DIR *dir = (DIR *)(uintptr_t)fi->fh;
	rewinddir(dir);
	struct dirent *entry;
	while ((entry = readdir(dir))) {
		struct stat st = { .st_ino = entry->d_ino, .st_mode = (mode_t)DTTOIF(entry->d_type) };
		if (filler(buf, entry->d_name, &st, 0, 0)) break;
	}
	return 0;
}

static int model_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
	(void)path;
	int fd = dirfd((DIR *)(uintptr_t)fi->fh);
	return CHECK(datasync ? fdatasync(fd) : fsync(fd));
}

static int model_releasedir(const char *path, struct fuse_file_info *fi) {
	(void)path;
	closedir((DIR *)(uintptr_t)fi->fh);
	return 0;
}

static const struct fuse_operations ops = {
	.init = model_init,	    .getattr = model_getattr,	    .access = model_access,	.readlink = model_readlink,
	.mknod = model_mknod,	    .mkdir = model_mkdir,	    .unlink = model_unlink,	.rmdir = model_rmdir,
	.symlink = model_symlink,   .rename = model_rename,	    .link = model_link,		.chmod = model_chmod,
	.chown = model_chown,	    .truncate = model_truncate,	    .utimens = model_utimens,	.create = model_create,
	.open = model_open,	    .read = model_read,		    .write = model_write,	.statfs = model_statfs,
	.flush = model_flush,	    .release = model_release,	    .fsync = model_fsync,	.fallocate = model_fallocate,
	.opendir = model_opendir,   .readdir = model_readdir,	    .fsyncdir = model_fsyncdir, .releasedir = model_releasedir,
};

/* The first argument that is not an option is the backing directory; the next, the mountpoint (libfuse's). */
static int take_backing(void *data, const char *arg, int key, struct fuse_args *args) {
	(void)data, (void)args;
	if (key == FUSE_OPT_KEY_NONOPT && !opts.backing) {
		opts.backing = arg;
		return 0;
	}
	return 1;
}

int main(int argc, char *argv[]) {
	/* The mount must not outlive whoever mounted it: libfuse unmounts on SIGTERM. */
	pid_t parent = getppid();
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent) return 1;
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	if (fuse_opt_parse(&args, &opts, option_spec, take_backing) == -1) return 1;
	if (!opts.backing) {
		fprintf(stderr, "usage: %s <backing-dir> <mountpoint> [-o fsync_us=N,open_us=N,...] [fuse options]\n", argv[0]);
		return 1;
	}
	base = open(opts.backing, O_RDONLY | O_DIRECTORY);
	if (base == -1) {
		fprintf(stderr, "efs-model: cannot open backing directory %s: %s\n", opts.backing, strerror(errno));
		return 1;
	}
	int res = fuse_main(args.argc, args.argv, &ops, NULL);
	fuse_opt_free_args(&args);
	return res;
}
