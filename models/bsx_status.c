/* Text of the status codes in bsx_status.h. */
#include "bsx_status.h"

const char *bsx_strerror(int status)
{
    switch (status) {
    case BSX_OK: return "ok";
    case BSX_EINVAL: return "invalid argument";
    case BSX_ENOMEM: return "out of memory";
    case BSX_EIO: return "input/output error";
    case BSX_EFORMAT: return "malformed file";
    case BSX_ENOCONV: return "did not converge";
    case BSX_ERANGE: return "value out of range";
    case BSX_EUNSUP: return "unsupported";
    default: return "unknown status";
    }
}
