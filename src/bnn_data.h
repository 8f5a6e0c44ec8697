/* Test images for `bsxsim bnn`: the Fashion-MNIST (or MNIST) test set from
 * its IDX folder (t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]),
 * or an .npy of uint8 images (B, H, W) or (B, C, H, W) with an optional
 * .npy of integer labels (B,). */
#ifndef BSX_BNN_DATA_H
#define BSX_BNN_DATA_H

#include <stddef.h>
#include <stdint.h>

/* Most images read (the pixels of 2^20 28 x 28 images are 822 MB). */
#define BSX_BNN_DATA_MAX_PIXELS ((size_t)1 << 30)

typedef struct {
    size_t count;     /* images */
    size_t c, h, w;   /* one image */
    uint8_t *pixels;  /* count x c x h x w */
    int32_t *labels;  /* count labels, or NULL when none were given */
    char *files[2];   /* the images and labels files read (NULL: none) */
} bsx_bnn_data;

/* path: an IDX folder or an images .npy; labels_path: NULL, or (only with an
 * .npy) the labels .npy. err: BSX_ERRLEN, one line naming the file. */
int bsx_bnn_data_load(const char *path, const char *labels_path, bsx_bnn_data *out,
                      char *err);
void bsx_bnn_data_free(bsx_bnn_data *d);

#endif
