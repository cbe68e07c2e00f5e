/*
 * Many NFS clients on one kernel. An NFS client keeps a process's writes in its own page cache
 * until an fsync or a close sends them to the server; another client opening the file sees the
 * server's bytes (close-to-open). FUSE tells the model which process made each request, so the
 * model keeps each process's writes to itself in the same way: a process reads its own writes,
 * every other process reads the backing file, and the writes reach the backing file, in order,
 * when that process fsyncs or closes the file. On one kernel's page cache a writer stalled
 * between finding the end of a file and writing it is exposed for microseconds; here, as on NFS,
 * for its whole write and fsync.
 *
 * The control file (CONTROL_PATH) takes one command per write:
 *   stall <pid> <op> <ms> [<name>]   the next <op> of process <pid> (on a file whose path ends
 *                           with /<name>, if given) waits <ms> ms before it runs
 *   eio <pid>               the next fsync of process <pid> fails with EIO, its held writes to
 *                           that file dropped (as a Linux client drops pages a write-back error hit)
 * and reads back the counters: how many of each operation the model served, and `close_sends`:
 * how many closes sent held writes to the server (each a write round trip on NFS, as an fsync is).
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE

#include "client-cache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fuse.h>

static const char *OP_NAMES[OP_COUNT] = { "open", "read", "write", "fsync", "flush", "rename", "create", "unlink", "getattr", "link" };

struct held {
	pid_t pid;
	dev_t dev;
	ino_t ino;
	off_t offset;
	size_t size;
	struct held *next;
	char data[];
};

struct stall {
	pid_t pid;
	enum op op;
	unsigned ms;
	char name[64];
	struct stall *next;
};

static int names(const char *path, const char *name) {
	if (!name[0]) return 1;
	size_t p = path ? strlen(path) : 0, n = strlen(name);
	return p > n && path[p - n - 1] == '/' && strcmp(path + p - n, name) == 0;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct held *held_head, **held_tail = &held_head;
static struct stall *stalls;
static pid_t fsync_errors[64];
static unsigned long counts[OP_COUNT], stalled, failed_fsyncs, flushed_writes, close_sends;

/* FUSE names the calling thread; a process's threads (libuv's pool) share one client cache. */
pid_t caller(void) {
	pid_t tid = fuse_get_context()->pid;
	char path[64], line[128];
	snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
	FILE *f = fopen(path, "r");
	if (!f) return tid;
	pid_t tgid = tid;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1) break;
	fclose(f);
	return tgid;
}

static void sleep_ms(unsigned ms) {
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

void before(enum op op, pid_t pid, const char *path) {
	unsigned ms = 0;
	pthread_mutex_lock(&lock);
	counts[op]++;
	for (struct stall **s = &stalls; *s; s = &(*s)->next) {
		if ((*s)->pid != pid || (*s)->op != op || !names(path, (*s)->name)) continue;
		struct stall *found = *s;
		ms = found->ms;
		*s = found->next;
		free(found);
		stalled++;
		break;
	}
	pthread_mutex_unlock(&lock);
	if (ms) sleep_ms(ms);
}

int take_fsync_error(pid_t pid) {
	int found = 0;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < sizeof fsync_errors / sizeof *fsync_errors; i++) {
		if (fsync_errors[i] != pid) continue;
		fsync_errors[i] = 0;
		failed_fsyncs++;
		found = 1;
		break;
	}
	pthread_mutex_unlock(&lock);
	return found;
}

static int identify(int fd, dev_t *dev, ino_t *ino) {
	struct stat st;
	if (fstat(fd, &st) == -1) return -errno;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return 0;
}

int hold_write(pid_t pid, int fd, const char *buf, size_t size, off_t offset) {
	struct held *h = malloc(sizeof *h + size);
	if (!h) return -ENOMEM;
	int err = identify(fd, &h->dev, &h->ino);
	if (err) {
		free(h);
		return err;
	}
	h->pid = pid;
	h->offset = offset;
	h->size = size;
	h->next = NULL;
	memcpy(h->data, buf, size);
	pthread_mutex_lock(&lock);
	*held_tail = h;
	held_tail = &h->next;
	pthread_mutex_unlock(&lock);
	return (int)size;
}

int read_as(pid_t pid, int fd, char *buf, size_t size, off_t offset) {
	ssize_t n = pread(fd, buf, size, offset);
	if (n == -1) return -errno;
	dev_t dev = 0;
	ino_t ino = 0;
	if (identify(fd, &dev, &ino)) return (int)n;
	size_t got = (size_t)n;
	pthread_mutex_lock(&lock);
	for (struct held *h = held_head; h; h = h->next) {
		if (h->pid != pid || h->dev != dev || h->ino != ino) continue;
		off_t from = h->offset > offset ? h->offset : offset;
		off_t to = h->offset + (off_t)h->size < offset + (off_t)size ? h->offset + (off_t)h->size : offset + (off_t)size;
		if (from >= to) continue;
		/* A hole between the backing end and a held write past it reads as zeros. */
		if ((size_t)(from - offset) > got) memset(buf + got, 0, (size_t)(from - offset) - got);
		memcpy(buf + (from - offset), h->data + (from - h->offset), (size_t)(to - from));
		if ((size_t)(to - offset) > got) got = (size_t)(to - offset);
	}
	pthread_mutex_unlock(&lock);
	return (int)got;
}

void size_as(pid_t pid, struct stat *st) {
	pthread_mutex_lock(&lock);
	for (struct held *h = held_head; h; h = h->next) {
		if (h->pid == pid && h->dev == st->st_dev && h->ino == st->st_ino && h->offset + (off_t)h->size > st->st_size)
			st->st_size = h->offset + (off_t)h->size;
	}
	pthread_mutex_unlock(&lock);
}

int flush_writes(pid_t pid, int fd, int discard) {
	dev_t dev = 0;
	ino_t ino = 0;
	int err = identify(fd, &dev, &ino);
	if (err) return err;
	/* The writes may have come through another descriptor of the file: write through one that can. */
	char self[64];
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	int wfd = -1;
	int flushed = 0;
	pthread_mutex_lock(&lock);
	struct held **h = &held_head;
	while (*h) {
		struct held *cur = *h;
		if (cur->pid != pid || cur->dev != dev || cur->ino != ino) {
			h = &cur->next;
			continue;
		}
		if (!discard && wfd == -1 && (wfd = open(self, O_WRONLY)) == -1 && !err) err = -errno;
		if (!discard && wfd != -1 && pwrite(wfd, cur->data, cur->size, cur->offset) != (ssize_t)cur->size && !err) err = -EIO;
		*h = cur->next;
		free(cur);
		flushed++;
	}
	held_tail = h;
	flushed_writes += (unsigned long)flushed;
	pthread_mutex_unlock(&lock);
	if (wfd != -1) close(wfd);
	return err ? err : flushed;
}

#define ATTR_SLOTS 4096
static struct {
	pid_t pid;
	unsigned long hash;
	struct timespec at;
} attr_cache[ATTR_SLOTS];

int attributes_expired(pid_t pid, const char *path) {
	unsigned long hash = 5381;
	for (const char *c = path; *c; c++) hash = hash * 33 + (unsigned char)*c;
	hash ^= (unsigned long)pid * 2654435761u;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&lock);
	size_t slot = hash % ATTR_SLOTS;
	int expired = attr_cache[slot].pid != pid || attr_cache[slot].hash != hash || now.tv_sec - attr_cache[slot].at.tv_sec > 1 ||
		      (now.tv_sec - attr_cache[slot].at.tv_sec == 1 && now.tv_nsec >= attr_cache[slot].at.tv_nsec);
	if (expired) {
		attr_cache[slot].pid = pid;
		attr_cache[slot].hash = hash;
		attr_cache[slot].at = now;
	}
	pthread_mutex_unlock(&lock);
	return expired;
}

void count_close_send(void) {
	pthread_mutex_lock(&lock);
	close_sends++;
	pthread_mutex_unlock(&lock);
}

static int parse_op(const char *name, enum op *op) {
	for (int i = 0; i < OP_COUNT; i++)
		if (strcmp(name, OP_NAMES[i]) == 0) return *op = (enum op)i, 0;
	return -EINVAL;
}

int control_write(const char *buf, size_t size) {
	char text[256], name[32];
	int pid;
	unsigned ms;
	if (size >= sizeof text) return -EINVAL;
	memcpy(text, buf, size);
	text[size] = '\0';
	if (sscanf(text, "stall %d %31s %u", &pid, name, &ms) == 3) {
		struct stall *s = calloc(1, sizeof *s);
		if (!s) return -ENOMEM;
		if (parse_op(name, &s->op)) return free(s), -EINVAL;
		if (sscanf(text, "stall %*d %*s %*u %63s", s->name) != 1) s->name[0] = '\0';
		s->pid = pid;
		s->ms = ms;
		pthread_mutex_lock(&lock);
		s->next = stalls;
		stalls = s;
		pthread_mutex_unlock(&lock);
		return (int)size;
	}
	if (sscanf(text, "eio %d", &pid) == 1) {
		int res = -ENOSPC;
		pthread_mutex_lock(&lock);
		for (size_t i = 0; i < sizeof fsync_errors / sizeof *fsync_errors; i++)
			if (!fsync_errors[i]) {
				fsync_errors[i] = pid;
				res = (int)size;
				break;
			}
		pthread_mutex_unlock(&lock);
		return res;
	}
	return -EINVAL;
}

int control_read(char *buf, size_t size, off_t offset) {
	char text[1024];
	int n = 0;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < OP_COUNT; i++) n += snprintf(text + n, sizeof text - (size_t)n, "%s %lu\n", OP_NAMES[i], counts[i]);
	n += snprintf(text + n, sizeof text - (size_t)n, "stalled %lu\nfailed_fsyncs %lu\nflushed_writes %lu\nclose_sends %lu\n", stalled, failed_fsyncs, flushed_writes, close_sends);
	pthread_mutex_unlock(&lock);
	if (offset >= n) return 0;
	size_t len = (size_t)(n - offset) < size ? (size_t)(n - offset) : size;
	memcpy(buf, text + offset, len);
	return (int)len;
}
