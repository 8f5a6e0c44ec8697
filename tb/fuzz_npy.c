/* libFuzzer target for the .npy reader: feeds arbitrary bytes to
 * bsx_npy_parse_pm1, the same parse bsx_npy_read_pm1 runs on a file, and
 * aborts when a contract of npy.h breaks (ASan/UBSan catch the rest):
 *   accepted -> non-empty shape, data exactly +-1, header + data = all bytes;
 *   rejected -> known status, one line "fuzz.npy: input: problem", no data.
 * Built and run by tb/rules.mk (seed corpus tb/corpus/npy/). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "npy.h"
#include "npy_header.h"

static void require(int condition)
{
    if (!condition)
        abort();
}

static void check_accepted(const uint8_t *data, size_t size,
                           const bsx_pm1_matrix *m)
{
    char err[BSX_ERRLEN];
    bsx_npy_layout layout;
    require(m->rows > 0 && m->cols > 0 && m->data != NULL);
    for (size_t i = 0; i < m->rows * m->cols; i++)
        require(m->data[i] == 1 || m->data[i] == -1);
    require(bsx_npy_parse_header(data, size, size, "fuzz.npy", "input", &layout,
                                 err) == BSX_OK);
    require(layout.rows == m->rows && layout.cols == m->cols);
    require(layout.data_offset + layout.data_bytes == size);
}

static void check_rejected(int status, const char *err, const bsx_pm1_matrix *m)
{
    static const char prefix[] = "fuzz.npy: input: ";
    require(status == BSX_EFORMAT || status == BSX_EUNSUP || status == BSX_ERANGE);
    require(strncmp(err, prefix, sizeof prefix - 1) == 0);
    require(strlen(err) > sizeof prefix - 1 && strchr(err, '\n') == NULL);
    require(m->data == NULL && m->rows == 0 && m->cols == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[BSX_ERRLEN] = "";
    bsx_pm1_matrix m;
    int status = bsx_npy_parse_pm1(data, size, "fuzz.npy", "input", &m, err);
    if (status == BSX_OK)
        check_accepted(data, size, &m);
    else
        check_rejected(status, err, &m);
    bsx_pm1_free(&m);
    return 0;
}
