/* IDX files (the MNIST / Fashion-MNIST container: magic 0x0000 08 NDIM,
 * NDIM big-endian uint32 sizes, then unsigned bytes), gzip-compressed or
 * plain. Only the unsigned-byte type (0x08) is read: images and labels. */
#ifndef BSX_IDX_H
#define BSX_IDX_H

#include <stddef.h>
#include <stdint.h>

#define BSX_IDX_DIMS_MAX 4

typedef struct {
    size_t ndim;                   /* 1..BSX_IDX_DIMS_MAX */
    size_t dims[BSX_IDX_DIMS_MAX];
    size_t count;                  /* product of dims */
    uint8_t *data;                 /* count bytes, C order */
} bsx_idx_array;

/* Reads path (a regular file; .gz or plain) holding at most max_count
 * elements. A wrong magic, a non-byte type, a truncated body or data after
 * it are BSX_EFORMAT with "PATH: problem" in err (BSX_ERRLEN). */
int bsx_idx_read(const char *path, size_t max_count, bsx_idx_array *out, char *err);

/* Frees the data of an array filled by bsx_idx_read (NULL is fine). */
void bsx_idx_free(bsx_idx_array *a);

#endif
