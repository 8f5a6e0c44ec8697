/* Loading the two operands of a layer VMM (weights and inputs) from .npy
 * files with the shape check every front end needs: bsxsim vmm, study psum,
 * the cosim. */
#include <stdio.h>

#include "bsx_status.h"
#include "npy.h"

int bsx_vmm_read_operands(const char *weights_path, const char *inputs_path,
                          bsx_pm1_matrix *w, bsx_pm1_matrix *x, char *err)
{
    int st = bsx_npy_read_pm1(weights_path, "weights", w, err);
    if (st == BSX_OK)
        st = bsx_npy_read_pm1(inputs_path, "inputs", x, err);
    if (st == BSX_OK && x->cols != w->rows) {
        snprintf(err, BSX_ERRLEN,
                 "%s: inputs have %zu columns but the weights %s have %zu rows",
                 inputs_path, x->cols, weights_path, w->rows);
        st = BSX_EINVAL;
    }
    if (st == BSX_OK && w->cols > 0 && x->rows > BSX_NPY_MAX_ELEMENTS / w->cols) {
        snprintf(err, BSX_ERRLEN,
                 "%s: %zu inputs times the %zu columns of the weights %s make a result of more "
                 "than the limit of %zu elements",
                 inputs_path, x->rows, w->cols, weights_path, BSX_NPY_MAX_ELEMENTS);
        st = BSX_EUNSUP;
    }
    if (st != BSX_OK) {
        bsx_pm1_free(w);
        bsx_pm1_free(x);
    }
    return st;
}
