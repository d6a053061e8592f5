/* UIO backend: finds the UIO device by name in sysfs, maps its first memory region and
 * accesses registers with volatile 32-bit loads and stores.
 * Spec: "<name>[,sysfs=<dir>][,dev=<dir>]"; defaults /sys/class/uio and /dev, or the
 * environment variables NTSFPGA_UIO_SYSFS / NTSFPGA_UIO_DEV (used by the tests with a fake
 * sysfs tree and a regular file standing in for the register window). */
#define _GNU_SOURCE
#include "backend.h"
#include "ntsfpga.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct uio {
    volatile uint32_t *regs;
    size_t size;
    int fd;
};

static int uio_read32(void *ctx, uint32_t off, uint32_t *val) {
    struct uio *u = ctx;
    *val = u->regs[off / 4];
    return 0;
}

static int uio_write32(void *ctx, uint32_t off, uint32_t val) {
    struct uio *u = ctx;
    u->regs[off / 4] = val;
    return 0;
}

static void uio_close(void *ctx) {
    struct uio *u = ctx;
    munmap((void *)u->regs, u->size);
    close(u->fd);
    free(u);
}

static const struct ntsfpga_ops uio_ops = {
    .read32 = uio_read32, .write32 = uio_write32, .close = uio_close,
};

/* Reads a small sysfs text file, strips the trailing newline. */
static int read_text(const char *path, char *buf, size_t len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    ssize_t n = read(fd, buf, len - 1);
    int e = errno;
    close(fd);
    if (n < 0) return -e;
    buf[n] = 0;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = 0;
    return 0;
}

int ntsfpga_uio_open(const char *spec, struct ntsfpga *dev, char *err, size_t errlen) {
    char name[128], sysfs[1024], devdir[1024]; /* paths below fit in 2048 */
    const char *env;
    const char *s_env = (env = getenv("NTSFPGA_UIO_SYSFS")) && *env ? env : "/sys/class/uio";
    const char *d_env = (env = getenv("NTSFPGA_UIO_DEV")) && *env ? env : "/dev";
    if (strlen(s_env) >= sizeof sysfs || strlen(d_env) >= sizeof devdir)
        return ntsfpga_fail(err, errlen, -EINVAL, "uio: NTSFPGA_UIO_SYSFS / NTSFPGA_UIO_DEV longer than %zu bytes", sizeof sysfs - 1);
    strcpy(sysfs, s_env);
    strcpy(devdir, d_env);

    const char *comma = strchr(spec, ',');
    size_t nlen = comma ? (size_t)(comma - spec) : strlen(spec);
    if (nlen == 0 || nlen >= sizeof name)
        return ntsfpga_fail(err, errlen, -EINVAL, "uio: needs a device name (uio:<name>), got \"%s\"", spec);
    memcpy(name, spec, nlen);
    name[nlen] = 0;
    while (comma != NULL) {
        const char *opt = comma + 1;
        comma = strchr(opt, ',');
        size_t olen = comma ? (size_t)(comma - opt) : strlen(opt);
        if (olen > 6 && strncmp(opt, "sysfs=", 6) == 0 && olen - 6 < sizeof sysfs) {
            memcpy(sysfs, opt + 6, olen - 6);
            sysfs[olen - 6] = 0;
        } else if (olen > 4 && strncmp(opt, "dev=", 4) == 0 && olen - 4 < sizeof devdir) {
            memcpy(devdir, opt + 4, olen - 4);
            devdir[olen - 4] = 0;
        } else {
            return ntsfpga_fail(err, errlen, -EINVAL, "uio: unknown option \"%.*s\" (sysfs=, dev=)", (int)olen, opt);
        }
    }

    DIR *dir = opendir(sysfs);
    if (dir == NULL) return ntsfpga_fail(err, errlen, -ENOENT, "uio: cannot list %s: %s", sysfs, strerror(errno));
    char node[NAME_MAX + 1] = "";
    int found = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strncmp(e->d_name, "uio", 3) != 0) continue;
        char path[2048], got[128];
        snprintf(path, sizeof path, "%s/%s/name", sysfs, e->d_name);
        if (read_text(path, got, sizeof got) == 0 && strcmp(got, name) == 0) {
            if (found++ == 0) snprintf(node, sizeof node, "%s", e->d_name);
        }
    }
    closedir(dir);
    if (found == 0) return ntsfpga_fail(err, errlen, -ENOENT, "uio: no device named \"%s\" under %s", name, sysfs);
    if (found > 1)
        return ntsfpga_fail(err, errlen, -EINVAL, "uio: %d devices are named \"%s\" under %s", found, name, sysfs);

    char path[2048], text[64];
    snprintf(path, sizeof path, "%s/%s/maps/map0/size", sysfs, node);
    int rc = read_text(path, text, sizeof text);
    if (rc != 0) return ntsfpga_fail(err, errlen, -ENODEV, "uio: %s has no map0 (%s: %s)", node, path, strerror(-rc));
    char *end;
    errno = 0;
    unsigned long long size = strtoull(text, &end, 0);
    if (errno != 0 || end == text || *end != 0 || size == 0 || size > 0x10000000ull)
        return ntsfpga_fail(err, errlen, -ENODEV, "uio: %s map0 size \"%s\" is not a usable size", node, text);

    snprintf(path, sizeof path, "%s/%s", devdir, node);
    int fd = open(path, O_RDWR | O_SYNC | O_CLOEXEC);
    if (fd < 0) {
        int en = errno;
        return ntsfpga_fail(err, errlen, en == EACCES ? -EACCES : -ENOENT, "uio: cannot open %s: %s", path, strerror(en));
    }
    void *p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0); /* offset 0 = map0 */
    if (p == MAP_FAILED) {
        int en = errno;
        close(fd);
        return ntsfpga_fail(err, errlen, -ENODEV, "uio: mmap of %s (%llu bytes) failed: %s", path, size, strerror(en));
    }
    struct uio *u = calloc(1, sizeof *u);
    if (u == NULL) {
        munmap(p, (size_t)size);
        close(fd);
        return ntsfpga_fail(err, errlen, -ENOMEM, "out of memory");
    }
    u->regs = p;
    u->size = (size_t)size;
    u->fd = fd;
    dev->ops = &uio_ops;
    dev->ctx = u;
    dev->caps = NTSFPGA_CAP_UIO;
    dev->window = size > 0x10000 ? 0x10000 : (uint32_t)size;
    return 0;
}
