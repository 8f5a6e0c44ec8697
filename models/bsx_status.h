/* Status codes shared by every public C API of the simulator.
 *
 * Functions return one of these; functions that can fail on user input also
 * take an error buffer (at least BSX_ERRLEN bytes) that receives one line
 * naming the input and what is wrong with it. */
#ifndef BSX_STATUS_H
#define BSX_STATUS_H

#define BSX_ERRLEN 512

enum bsx_status {
    BSX_OK = 0,       /* success */
    BSX_EINVAL = 1,   /* an argument or parameter is out of its domain */
    BSX_ENOMEM = 2,   /* allocation failed */
    BSX_EIO = 3,      /* a file could not be opened, read or written */
    BSX_EFORMAT = 4,  /* a file is malformed (npy header, CSV table, ...) */
    BSX_ENOCONV = 5,  /* Newton or a calibration did not converge */
    BSX_ERANGE = 6,   /* a value lies outside a table or a supported range */
    BSX_EUNSUP = 7    /* valid but unsupported input (dtype, layout, ...) */
};

/* Short English text for a status code; never NULL. */
const char *bsx_strerror(int status);

#endif
