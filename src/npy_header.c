/* Strict parser of the .npy preamble and header dict (see npy_header.h).
 *
 * The dict is a Python literal as NumPy writes it, e.g.
 *   {'descr': '<i1', 'fortran_order': False, 'shape': (3, 4), }
 * followed by space padding and one '\n'. Keys may come in any order, with
 * either quote style, spaces or tabs between tokens and trailing commas;
 * each of the three keys must appear exactly once and no other key may. */
#include "npy_header.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bsx_status.h"

static const uint8_t npy_magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

/* Largest number of shape entries we parse; NumPy's own limit is 64. */
#define SHAPE_DIMS_MAX 64

/* Longer names are shown by their last characters, so the problem fits. */
#define NAME_SHOWN_MAX 200u

int bsx_npy_fail(char *err, const char *name, const char *what, int status,
                 const char *fmt, ...)
{
    size_t name_len = strlen(name);
    const char *shown = name_len > NAME_SHOWN_MAX ? name + name_len - NAME_SHOWN_MAX
                                                  : name;
    int n = snprintf(err, BSX_ERRLEN, "%s%s: %s: ", shown == name ? "" : "...",
                     shown, what);
    if (n >= 0 && n < BSX_ERRLEN) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, BSX_ERRLEN - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return status;
}

/* Cursor over the header text (without its final newline). */
typedef struct {
    const char *text;
    size_t len, pos;
    int version_major;
    const char *name, *what;
    char *err;
} cursor;

/* What the dict said, before interpretation. */
typedef struct {
    const char *descr;
    size_t descr_len;
    int fortran_order;
    size_t ndim;
    size_t dims[BSX_NPY_DIMS_MAX];
    int seen_descr, seen_fortran, seen_shape;
} header_dict;

static int fail_at(cursor *c, const char *problem)
{
    return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                        "header dict: %s at byte %zu", problem, c->pos);
}

static void skip_blanks(cursor *c)
{
    while (c->pos < c->len && (c->text[c->pos] == ' ' || c->text[c->pos] == '\t'))
        c->pos++;
}

static int at(const cursor *c, char ch)
{
    return c->pos < c->len && c->text[c->pos] == ch;
}

/* A quoted string without escapes; *s points into the header text. */
static int parse_string(cursor *c, const char **s, size_t *n)
{
    if (!at(c, '\'') && !at(c, '"'))
        return fail_at(c, "expected a quoted string");
    char quote = c->text[c->pos++];
    size_t start = c->pos;
    while (c->pos < c->len && c->text[c->pos] != quote) {
        if (c->text[c->pos] == '\\')
            return fail_at(c, "escape sequences are not supported");
        c->pos++;
    }
    if (c->pos >= c->len)
        return fail_at(c, "unterminated string");
    *s = c->text + start;
    *n = c->pos - start;
    c->pos++;
    return BSX_OK;
}

static int parse_bool(cursor *c, int *value)
{
    const char *rest = c->text + c->pos;
    size_t left = c->len - c->pos;
    if (left >= 4 && memcmp(rest, "True", 4) == 0) {
        *value = 1;
        c->pos += 4;
    } else if (left >= 5 && memcmp(rest, "False", 5) == 0) {
        *value = 0;
        c->pos += 5;
    } else {
        return fail_at(c, "fortran_order must be True or False");
    }
    return BSX_OK;
}

/* A non-negative decimal integer as Python writes it (no leading zeros; an
 * 'L' suffix is allowed in versions 1.0 and 2.0, as Python 2 wrote longs). */
static int parse_dim(cursor *c, size_t *value)
{
    if (!(c->pos < c->len && c->text[c->pos] >= '0' && c->text[c->pos] <= '9'))
        return fail_at(c, "shape entries must be non-negative integers");
    if (c->text[c->pos] == '0' && c->pos + 1 < c->len &&
        c->text[c->pos + 1] >= '0' && c->text[c->pos + 1] <= '9')
        return fail_at(c, "shape entry has a leading zero");
    size_t v = 0;
    while (c->pos < c->len && c->text[c->pos] >= '0' && c->text[c->pos] <= '9') {
        size_t digit = (size_t)(c->text[c->pos] - '0');
        if (v > (SIZE_MAX - digit) / 10)
            return fail_at(c, "shape entry is too large");
        v = v * 10 + digit;
        c->pos++;
    }
    if (at(c, 'L') && c->version_major <= 2)
        c->pos++;
    *value = v;
    return BSX_OK;
}

/* A tuple of integers: (), (k,), (r, c), (r, c,), ... */
static int parse_shape(cursor *c, header_dict *d)
{
    if (!at(c, '('))
        return fail_at(c, "shape must be a tuple");
    c->pos++;
    skip_blanks(c);
    int comma = 0;
    d->ndim = 0;
    while (!at(c, ')')) {
        size_t dim = 0;
        int st = parse_dim(c, &dim);
        if (st != BSX_OK)
            return st;
        if (d->ndim < BSX_NPY_DIMS_MAX)
            d->dims[d->ndim] = dim;
        if (++d->ndim > SHAPE_DIMS_MAX)
            return fail_at(c, "shape has too many dimensions");
        skip_blanks(c);
        comma = at(c, ',');
        if (comma) {
            c->pos++;
            skip_blanks(c);
        } else if (!at(c, ')')) {
            return fail_at(c, "expected ',' or ')' in shape");
        }
    }
    if (d->ndim == 1 && !comma)
        return fail_at(c, "shape (k) is not a tuple, expected (k,)");
    c->pos++;
    return BSX_OK;
}

static int parse_entry(cursor *c, header_dict *d)
{
    const char *key;
    size_t key_len;
    size_t key_pos = c->pos;
    int st = parse_string(c, &key, &key_len);
    if (st != BSX_OK)
        return st;
    skip_blanks(c);
    if (!at(c, ':'))
        return fail_at(c, "expected ':' after a key");
    c->pos++;
    skip_blanks(c);
    int *seen;
    if (key_len == 5 && memcmp(key, "descr", 5) == 0) {
        seen = &d->seen_descr;
        if (at(c, '['))
            return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                                "descr is a structured dtype; only plain "
                                "numeric dtypes are supported");
        st = parse_string(c, &d->descr, &d->descr_len);
    } else if (key_len == 13 && memcmp(key, "fortran_order", 13) == 0) {
        seen = &d->seen_fortran;
        st = parse_bool(c, &d->fortran_order);
    } else if (key_len == 5 && memcmp(key, "shape", 5) == 0) {
        seen = &d->seen_shape;
        st = parse_shape(c, d);
    } else {
        c->pos = key_pos;
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                            "header dict: unexpected key '%.*s' (only descr, "
                            "fortran_order and shape are allowed)",
                            (int)(key_len > 40 ? 40 : key_len), key);
    }
    if (st != BSX_OK)
        return st;
    if (*seen) {
        c->pos = key_pos;
        return fail_at(c, "duplicate key");
    }
    *seen = 1;
    return BSX_OK;
}

/* The dict, then only spaces up to the end of the text. */
static int parse_dict(cursor *c, header_dict *d)
{
    skip_blanks(c);
    if (!at(c, '{'))
        return fail_at(c, "expected '{'");
    c->pos++;
    for (;;) {
        skip_blanks(c);
        if (at(c, '}'))
            break;
        if (c->pos >= c->len)
            return fail_at(c, "unterminated dict (no '}')");
        int st = parse_entry(c, d);
        if (st != BSX_OK)
            return st;
        skip_blanks(c);
        if (at(c, ','))
            c->pos++;
        else if (!at(c, '}'))
            return fail_at(c, c->pos >= c->len ? "unterminated dict (no '}')"
                                               : "expected ',' or '}'");
    }
    c->pos++;
    while (c->pos < c->len && c->text[c->pos] == ' ')
        c->pos++;
    if (c->pos != c->len)
        return fail_at(c, "unexpected text after the dict");
    if (!d->seen_descr)
        return fail_at(c, "missing key 'descr'");
    if (!d->seen_fortran)
        return fail_at(c, "missing key 'fortran_order'");
    if (!d->seen_shape)
        return fail_at(c, "missing key 'shape'");
    return BSX_OK;
}

/* Maps descr to kind, size and byte order; explains every refusal. */
static int interpret_descr(const header_dict *d, const cursor *c,
                           int allow_unsigned, bsx_npy_layout *out)
{
    const char *s = d->descr;
    size_t n = d->descr_len;
    int shown = (int)(n > 20 ? 20 : n);
    const char *hint = "use int8, int16, int32, int64, float16, float32 or float64";
    if (n != 3 || s[2] < '1' || s[2] > '8')
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "dtype '%.*s' is not supported (%s)", shown, s, hint);
    char order = s[0], kind = s[1];
    unsigned size = (unsigned)(s[2] - '0');
    if (kind == 'b')
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "dtype '%.*s' is bool, which cannot hold -1 (store "
                            "+-1 as int8)", shown, s);
    if (kind == 'u' && !allow_unsigned)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "dtype '%.*s' is unsigned, which cannot hold -1 "
                            "(store +-1 as int8)", shown, s);
    int size_ok = kind == 'i' || kind == 'u' ? (size == 1 || size == 2 || size == 4 || size == 8)
                : kind == 'f' ? (size == 2 || size == 4 || size == 8)
                              : 0;
    if (!size_ok)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "dtype '%.*s' is not supported (%s)", shown, s, hint);
    if (order != '<' && order != '>' && !(order == '|' && size == 1))
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "dtype '%.*s' does not state its byte order "
                            "(expected '<%c%u' or '>%c%u')",
                            shown, s, kind, size, kind, size);
    out->kind = kind;
    out->itemsize = size;
    out->big_endian = order == '>';
    return BSX_OK;
}

/* The shape as the file wrote it, for messages: "(k,)", "(r, c)", ... */
static const char *shape_text(const header_dict *d, char *buf, size_t cap)
{
    if (d->ndim == 1) {
        snprintf(buf, cap, "(%zu,)", d->dims[0]);
        return buf;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->ndim && i < BSX_NPY_DIMS_MAX && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%zu", i ? ", " : "(", d->dims[i]);
    if (n < cap)
        snprintf(buf + n, cap - n, ")");
    return buf;
}

/* Shape and order checks (1..max_dims dimensions), then the exact data
 * length. rows x cols is the array seen as 2-D: the last dimension is cols,
 * the product of the others rows. */
static int interpret_shape(const header_dict *d, const cursor *c, size_t file_len,
                           size_t max_dims, bsx_npy_layout *out)
{
    char need[64];
    if (max_dims == 2)
        snprintf(need, sizeof need, "expected (rows, cols) or (k,)");
    else
        snprintf(need, sizeof need, "expected 1 to %zu dimensions", max_dims);
    char shape[128];
    if (d->fortran_order)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "fortran_order True is not supported (save a "
                            "C-ordered array, np.ascontiguousarray)");
    if (d->ndim == 0)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "shape () is a scalar; %s", need);
    if (d->ndim > max_dims)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "shape has %zu dimensions; %s", d->ndim, need);
    out->ndim = d->ndim;
    out->rows = 1;
    for (size_t i = 0; i < d->ndim; i++) {
        out->shape[i] = d->dims[i];
        if (d->dims[i] == 0)
            return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                                "shape %s has an empty dimension",
                                shape_text(d, shape, sizeof shape));
    }
    for (size_t i = 0; i + 1 < d->ndim; i++) {
        if (out->rows > SIZE_MAX / d->dims[i])
            return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                                "shape %s is too large",
                                shape_text(d, shape, sizeof shape));
        out->rows *= d->dims[i];
    }
    out->cols = d->dims[d->ndim - 1];
    if (out->cols > SIZE_MAX / out->rows ||
        out->rows * out->cols > SIZE_MAX / out->itemsize)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "shape %s is too large",
                            shape_text(d, shape, sizeof shape));
    out->data_bytes = out->rows * out->cols * out->itemsize;
    size_t have = file_len - out->data_offset;
    if (have < out->data_bytes)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                            "truncated data: shape %s of %zu-byte elements "
                            "needs %zu bytes, file has %zu",
                            shape_text(d, shape, sizeof shape),
                            (size_t)out->itemsize,
                            out->data_bytes, have);
    if (have > out->data_bytes)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                            "%zu bytes of trailing data after the array",
                            have - out->data_bytes);
    return BSX_OK;
}

/* Magic, version and header length; sets c->text/len and out->data_offset. */
static int parse_preamble(const uint8_t *head, size_t head_len, size_t file_len,
                          cursor *c, bsx_npy_layout *out)
{
    if (head_len < 8 || memcmp(head, npy_magic, sizeof npy_magic) != 0)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                            head_len < 8 ? "not a .npy file (only %zu bytes)"
                                         : "not a .npy file (bad magic, %zu bytes)",
                            file_len);
    unsigned major = head[6], minor = head[7];
    if (major < 1 || major > 3 || minor != 0)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EUNSUP,
                            "format version %u.%u is not supported (1.0, 2.0, "
                            "3.0 are)", major, minor);
    size_t pre = major == 1 ? 10 : 12;
    if (head_len < pre)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                            "truncated preamble (%zu bytes)", file_len);
    size_t header_len = major == 1
        ? (size_t)head[8] | (size_t)head[9] << 8
        : (size_t)head[8] | (size_t)head[9] << 8 | (size_t)head[10] << 16 |
              (size_t)head[11] << 24;
    if (header_len > BSX_NPY_HEADER_MAX)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                            "header length %zu exceeds the limit of %u bytes",
                            header_len, BSX_NPY_HEADER_MAX);
    if (header_len > head_len - pre)
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                            "truncated header: declares %zu bytes, file has %zu",
                            header_len, file_len - pre);
    const char *text = (const char *)head + pre;
    if (header_len == 0 || text[header_len - 1] != '\n')
        return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                            "header does not end with a newline");
    for (size_t i = 0; i + 1 < header_len; i++)
        if ((unsigned char)text[i] < 0x20 && text[i] != '\t')
            return bsx_npy_fail(c->err, c->name, c->what, BSX_EFORMAT,
                                "header has a control byte 0x%02x at byte %zu",
                                (unsigned)(unsigned char)text[i], i);
    c->text = text;
    c->len = header_len - 1;
    c->pos = 0;
    c->version_major = (int)major;
    out->data_offset = pre + header_len;
    return BSX_OK;
}

static int parse_header(const uint8_t *head, size_t head_len, size_t file_len,
                        const char *name, const char *what, size_t max_dims,
                        bsx_npy_layout *out, char *err)
{
    cursor c = {.name = name, .what = what, .err = err};
    header_dict d = {0};
    bsx_npy_layout layout = {0};
    int st = parse_preamble(head, head_len, file_len, &c, &layout);
    if (st == BSX_OK)
        st = parse_dict(&c, &d);
    if (st == BSX_OK)
        st = interpret_descr(&d, &c, max_dims > 2, &layout);
    if (st == BSX_OK)
        st = interpret_shape(&d, &c, file_len, max_dims, &layout);
    if (st == BSX_OK)
        *out = layout;
    return st;
}

int bsx_npy_parse_header(const uint8_t *head, size_t head_len, size_t file_len,
                         const char *name, const char *what,
                         bsx_npy_layout *out, char *err)
{
    return parse_header(head, head_len, file_len, name, what, 2, out, err);
}

int bsx_npy_parse_header_nd(const uint8_t *head, size_t head_len, size_t file_len,
                            const char *name, const char *what,
                            bsx_npy_layout *out, char *err)
{
    return parse_header(head, head_len, file_len, name, what, BSX_NPY_DIMS_MAX, out,
                        err);
}
