/* The .npy reader and writers: files written by real NumPy in every accepted
 * dtype and version, every kind of malformed file with its error text, the
 * writers' bytes against np.save's, random round trips, the int32 reader,
 * and exhaustive truncations and byte mutations of a good file.
 *
 * Fixtures: tb/corpus/npy/ (scripts/make_npy_fixtures.py, NumPy-written);
 * paths are relative to the repository root, where `make test` runs. */
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsx_status.h"
#include "npy.h"
#include "npy_header.h"
#include "tb_cli.h"

#define FIXTURES "tb/corpus/npy/"

/* The +-1 pattern of the fixtures, as in scripts/make_npy_fixtures.py. */
static int pattern(size_t r, size_t c)
{
    return (7 * r + 3 * c) % 5 < 2 ? 1 : -1;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* err must be one line "NAME: WHAT: problem". */
static void assert_one_line(const char *err, const char *name, const char *what)
{
    char prefix[BSX_ERRLEN];
    snprintf(prefix, sizeof prefix, "%s: %s: ", name, what);
    ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0,
                  "'%s' does not start with '%s'", err, prefix);
    ck_assert_uint_gt(strlen(err), strlen(prefix));
    ck_assert_ptr_null(strchr(err, '\n'));
}

/* Builds a .npy file in buf from a header dict (padded to 64 like NumPy)
 * and data; returns its length. */
static size_t build_npy(uint8_t *buf, int major, const char *dict,
                        const void *data, size_t data_len)
{
    size_t pre = major == 1 ? 10 : 12, n = strlen(dict);
    size_t pad = 64 - (pre + n + 1) % 64, header_len = n + pad + 1;
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (uint8_t)major;
    buf[7] = 0;
    for (size_t b = 0; b < pre - 8; b++)
        buf[8 + b] = (uint8_t)(header_len >> (8 * b));
    memcpy(buf + pre, dict, n);
    memset(buf + pre + n, ' ', pad);
    buf[pre + header_len - 1] = '\n';
    memcpy(buf + pre + header_len, data, data_len);
    return pre + header_len + data_len;
}

static const int8_t pm1_3x4[12] = {1, -1, 1, 1, -1, -1, 1, -1, 1, 1, 1, -1};

/* ---- files written by NumPy ---- */

static const struct {
    const char *file;
    size_t rows, cols;
} good[] = {
    {"good-i1.npy", 3, 5},     {"good-i2.npy", 3, 5},     {"good-i4.npy", 3, 5},
    {"good-i8.npy", 3, 5},     {"good-f2.npy", 3, 5},     {"good-f4.npy", 3, 5},
    {"good-f8.npy", 3, 5},     {"good-i2-big.npy", 3, 5}, {"good-f8-big.npy", 3, 5},
    {"good-v2.npy", 3, 5},     {"good-v3.npy", 3, 5},     {"good-1d.npy", 1, 7},
    {"good-1x1.npy", 1, 1},    {"good-64x64.npy", 64, 64},
};

START_TEST(numpy_files_read_exactly)
{
    char path[256], err[BSX_ERRLEN] = "";
    snprintf(path, sizeof path, FIXTURES "%s", good[_i].file);
    bsx_pm1_matrix m;
    ck_assert_msg(bsx_npy_read_pm1(path, "weights", &m, err) == BSX_OK, "%s", err);
    ck_assert_uint_eq(m.rows, good[_i].rows);
    ck_assert_uint_eq(m.cols, good[_i].cols);
    for (size_t r = 0; r < m.rows; r++)
        for (size_t c = 0; c < m.cols; c++)
            ck_assert_int_eq(m.data[r * m.cols + c], pattern(r, c));
    bsx_pm1_free(&m);
    ck_assert_ptr_null(m.data);
    bsx_pm1_free(&m);
    bsx_pm1_free(NULL);
    bsx_i32_free(NULL);
}
END_TEST

static const struct {
    const char *file;
    int status;
    const char *problem;
} bad[] = {
    {"bad-bool.npy", BSX_EUNSUP, "dtype '|b1' is bool, which cannot hold -1"},
    {"bad-uint8.npy", BSX_EUNSUP, "dtype '|u1' is unsigned"},
    {"bad-complex.npy", BSX_EUNSUP, "dtype '<c8' is not supported"},
    {"bad-unicode.npy", BSX_EUNSUP, "dtype '<U1' is not supported"},
    {"bad-struct.npy", BSX_EUNSUP, "descr is a structured dtype"},
    {"bad-3d.npy", BSX_EUNSUP, "shape has 3 dimensions; expected (rows, cols) or (k,)"},
    {"bad-scalar.npy", BSX_EUNSUP, "shape () is a scalar"},
    {"bad-empty-rows.npy", BSX_EUNSUP, "shape (0, 4) has an empty dimension"},
    {"bad-empty-1d.npy", BSX_EUNSUP, "shape (0,) has an empty dimension"},
    {"bad-fortran.npy", BSX_EUNSUP, "fortran_order True is not supported"},
    {"bad-value-zero.npy", BSX_ERANGE, "element 6 (row 1, col 2) is 0; every value must be -1 or +1"},
    {"bad-value-two.npy", BSX_ERANGE, "element 11 (row 2, col 3) is 2;"},
    {"bad-value-nan.npy", BSX_ERANGE, "element 1 (row 0, col 1) is nan;"},
    {"bad-value-half.npy", BSX_ERANGE, "element 8 (row 2, col 0) is 0.5;"},
    {"bad-magic.npy", BSX_EFORMAT, "not a .npy file (bad magic, 143 bytes)"},
    {"bad-short.npy", BSX_EFORMAT, "not a .npy file (only 7 bytes)"},
    {"bad-truncated-header.npy", BSX_EFORMAT, "truncated header: declares 118 bytes, file has 40"},
    {"bad-truncated-data.npy", BSX_EFORMAT, "truncated data: shape (3, 5) of 1-byte elements needs 15 bytes, file has 14"},
    {"bad-trailing.npy", BSX_EFORMAT, "1 bytes of trailing data after the array"},
    {"bad-version.npy", BSX_EUNSUP, "format version 4.0 is not supported"},
    {"bad-huge-header.npy", BSX_EFORMAT, "header length 4294967280 exceeds the limit of 10000 bytes"},
    {"bad-no-newline.npy", BSX_EFORMAT, "header does not end with a newline"},
    {"bad-unterminated.npy", BSX_EFORMAT, "unterminated dict (no '}')"},
    {"bad-missing-key.npy", BSX_EFORMAT, "missing key 'fortran_order'"},
    {"bad-extra-key.npy", BSX_EFORMAT, "unexpected key 'order'"},
    {"bad-native-order.npy", BSX_EUNSUP, "dtype '|i4' does not state its byte order"},
};

START_TEST(bad_files_rejected_with_reason)
{
    char path[256], err[BSX_ERRLEN] = "";
    snprintf(path, sizeof path, FIXTURES "%s", bad[_i].file);
    bsx_pm1_matrix m;
    int st = bsx_npy_read_pm1(path, "inputs", &m, err);
    ck_assert_msg(st == bad[_i].status, "%s: status %d, want %d (%s)", path, st,
                  bad[_i].status, err);
    ck_assert_msg(strstr(err, bad[_i].problem) != NULL, "'%s' lacks '%s'", err,
                  bad[_i].problem);
    assert_one_line(err, path, "inputs");
    ck_assert_ptr_null(m.data);
    ck_assert_uint_eq(m.rows, 0);
}
END_TEST

/* The file reader and the in-memory parser agree on every corpus file. */
START_TEST(file_and_memory_parsers_agree)
{
    DIR *dir = opendir(FIXTURES);
    ck_assert_ptr_nonnull(dir);
    int files = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char path[512], err_file[BSX_ERRLEN] = "", err_mem[BSX_ERRLEN] = "";
        snprintf(path, sizeof path, FIXTURES "%s", e->d_name);
        size_t len;
        uint8_t *bytes = slurp(path, &len);
        bsx_pm1_matrix a, b;
        int sa = bsx_npy_read_pm1(path, "weights", &a, err_file);
        int sb = bsx_npy_parse_pm1(bytes, len, path, "weights", &b, err_mem);
        ck_assert_int_eq(sa, sb);
        if (sa == BSX_OK) {
            ck_assert_uint_eq(a.rows, b.rows);
            ck_assert_uint_eq(a.cols, b.cols);
            ck_assert_mem_eq(a.data, b.data, a.rows * a.cols);
        } else {
            ck_assert_str_eq(err_file, err_mem);
        }
        bsx_pm1_free(&a);
        bsx_pm1_free(&b);
        free(bytes);
        files++;
    }
    closedir(dir);
    ck_assert_int_ge(files, 40);
}
END_TEST

START_TEST(missing_file_and_directory_are_io_errors)
{
    char err[BSX_ERRLEN];
    bsx_pm1_matrix m;
    ck_assert_int_eq(bsx_npy_read_pm1(FIXTURES "no-such.npy", "weights", &m, err),
                     BSX_EIO);
    ck_assert_str_eq(err, FIXTURES "no-such.npy: weights: cannot open: No such "
                          "file or directory");
    ck_assert_int_eq(bsx_npy_read_pm1(FIXTURES, "weights", &m, err), BSX_EIO);
    ck_assert_str_eq(err, FIXTURES ": weights: not a regular file (a folder)");
    char long_path[5000];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[sizeof long_path - 1] = '\0';
    ck_assert_int_eq(bsx_npy_read_pm1(long_path, "weights", &m, err), BSX_EIO);
    ck_assert_str_eq(err + 203, ": weights: cannot open: File name too long");
    ck_assert_int_eq(strncmp(err, "...aaa", 6), 0);
}
END_TEST

/* ---- header syntax, built in memory ---- */

static const char *accepted_dicts[] = {
    "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4), }",
    "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4)}",
    "{\"descr\": \"|i1\", \"fortran_order\": False, \"shape\": (3, 4)}",
    "{'shape': (3, 4), 'descr': '<i1', 'fortran_order': False}",
    "{'fortran_order': False, 'shape': (3,4,), 'descr': '|i1',}",
    "{'shape':(3, 4),'fortran_order':False,'descr':'|i1'}",
    "{'fortran_order': False, 'descr': '|i1', 'shape': (3, 4)}",
    "{'shape': (3, 4), 'fortran_order': False, 'descr': '|i1'}",
    "  {\t'descr' : '|i1' ,\t'fortran_order' : False , 'shape' : ( 3 , 4 ) , }",
    "{'descr': '|i1', 'fortran_order': False, 'shape': (3L, 4L), }",
    "{'descr': '>i1', 'fortran_order': False, 'shape': (3, 4), }",
};

START_TEST(header_syntax_variants_accepted)
{
    uint8_t buf[512];
    char err[BSX_ERRLEN] = "";
    for (int major = 1; major <= 2; major++) {
        size_t len = build_npy(buf, major, accepted_dicts[_i], pm1_3x4, 12);
        bsx_pm1_matrix m;
        ck_assert_msg(bsx_npy_parse_pm1(buf, len, "x.npy", "weights", &m, err) == BSX_OK,
                      "%s: %s", accepted_dicts[_i], err);
        ck_assert_uint_eq(m.rows, 3);
        ck_assert_uint_eq(m.cols, 4);
        ck_assert_mem_eq(m.data, pm1_3x4, 12);
        bsx_pm1_free(&m);
    }
}
END_TEST

static const struct {
    int major;
    const char *dict;
    int status;
    const char *problem;
} rejected_dicts[] = {
    {1, "", BSX_EFORMAT, "header dict: expected '{' at byte 53"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4)", BSX_EFORMAT, "unterminated dict"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4)} x", BSX_EFORMAT, "unexpected text after the dict"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (12)}", BSX_EFORMAT, "shape (k) is not a tuple, expected (k,)"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': [3, 4]}", BSX_EFORMAT, "shape must be a tuple"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (-3, 4)}", BSX_EFORMAT, "shape entries must be non-negative integers"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (03, 4)}", BSX_EFORMAT, "leading zero"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (3 4)}", BSX_EFORMAT, "expected ',' or ')' in shape"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4}", BSX_EFORMAT, "expected ',' or ')' in shape"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (99999999999999999999999, 1)}", BSX_EFORMAT, "shape entry is too large"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", BSX_EUNSUP, "shape (4294967296, 4294967296) is too large"},
    {1, "{'descr': '<i8', 'fortran_order': False, 'shape': (3, 3074457345618258603)}", BSX_EUNSUP, "is too large"},
    {1, "{'descr': '|i1', 'fortran_order': false, 'shape': (3, 4)}", BSX_EFORMAT, "fortran_order must be True or False"},
    {1, "{'descr': '|i1', 'fortran_order': 0, 'shape': (3, 4)}", BSX_EFORMAT, "fortran_order must be True or False"},
    {1, "{'descr': '|i\\x31', 'fortran_order': False, 'shape': (3, 4)}", BSX_EFORMAT, "escape sequences are not supported"},
    {1, "{'descr': '|i1, 'fortran_order': False, 'shape': (3, 4)}", BSX_EFORMAT, "expected ',' or '}'"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4), 'descr': '|i1'}", BSX_EFORMAT, "duplicate key at byte 58"},
    {1, "{'descr' '|i1', 'fortran_order': False, 'shape': (3, 4)}", BSX_EFORMAT, "expected ':' after a key"},
    {1, "{descr: '|i1', 'fortran_order': False, 'shape': (3, 4)}", BSX_EFORMAT, "expected a quoted string"},
    {1, "{'descr': '|i1', 'fortran_order': False}", BSX_EFORMAT, "missing key 'shape'"},
    {1, "{'fortran_order': False, 'shape': (3, 4)}", BSX_EFORMAT, "missing key 'descr'"},
    {1, "{'descr': '|i1' 'fortran_order': False, 'shape': (3, 4)}", BSX_EFORMAT, "expected ',' or '}'"},
    {3, "{'descr': '|i1', 'fortran_order': False, 'shape': (3L, 4L), }", BSX_EFORMAT, "expected ',' or ')' in shape"},
    {1, "{'descr': '=i2', 'fortran_order': False, 'shape': (3, 2), }", BSX_EUNSUP, "dtype '=i2' does not state its byte order (expected '<i2' or '>i2')"},
    {1, "{'descr': '<f1', 'fortran_order': False, 'shape': (3, 4), }", BSX_EUNSUP, "dtype '<f1' is not supported (use int8"},
    {1, "{'descr': '<i3', 'fortran_order': False, 'shape': (3, 4), }", BSX_EUNSUP, "dtype '<i3' is not supported"},
    {1, "{'descr': '<i16', 'fortran_order': False, 'shape': (3, 1), }", BSX_EUNSUP, "dtype '<i16' is not supported"},
    {1, "{'descr': '<u2', 'fortran_order': False, 'shape': (3, 2), }", BSX_EUNSUP, "dtype '<u2' is unsigned"},
    {1, "{'descr': '', 'fortran_order': False, 'shape': (3, 4), }", BSX_EUNSUP, "dtype '' is not supported"},
    {1, "{'descr': '|i1', 'fortran_order': True, 'shape': (12,), }", BSX_EUNSUP, "fortran_order True"},
    {2, "{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3, 2), }", BSX_EUNSUP, "shape has 3 dimensions"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
        "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
        "1,1,1,1,1,1,1,1,12), }", BSX_EFORMAT, "shape has too many dimensions"},
    {1, "{'descr': '|i1', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
        "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
        "1,1,1,1,1,1,1,12), }", BSX_EUNSUP, "shape has 64 dimensions"},
};

START_TEST(header_syntax_errors_named)
{
    uint8_t buf[512];
    char err[BSX_ERRLEN] = "";
    size_t len = build_npy(buf, rejected_dicts[_i].major, rejected_dicts[_i].dict,
                           pm1_3x4, 12);
    bsx_pm1_matrix m;
    int st = bsx_npy_parse_pm1(buf, len, "x.npy", "weights", &m, err);
    ck_assert_msg(st == rejected_dicts[_i].status, "%s: status %d (%s)",
                  rejected_dicts[_i].dict, st, err);
    if (st != BSX_OK) {
        ck_assert_msg(strstr(err, rejected_dicts[_i].problem) != NULL,
                      "'%s' lacks '%s'", err, rejected_dicts[_i].problem);
        assert_one_line(err, "x.npy", "weights");
        ck_assert_ptr_null(m.data);
    }
    bsx_pm1_free(&m);
}
END_TEST

START_TEST(header_control_bytes_and_lengths)
{
    uint8_t buf[512];
    char err[BSX_ERRLEN];
    bsx_pm1_matrix m;
    size_t len = build_npy(buf, 1, accepted_dicts[0], pm1_3x4, 12);
    buf[20] = '\r';
    ck_assert_int_eq(bsx_npy_parse_pm1(buf, len, "x.npy", "w", &m, err), BSX_EFORMAT);
    ck_assert_str_eq(err, "x.npy: w: header has a control byte 0x0d at byte 10");
    /* A zero-length header and the largest header NumPy allows. */
    memcpy(buf, "\x93NUMPY\x01\x00\x00\x00", 10);
    ck_assert_int_eq(bsx_npy_parse_pm1(buf, 10, "x.npy", "w", &m, err), BSX_EFORMAT);
    ck_assert_str_eq(err, "x.npy: w: header does not end with a newline");
    size_t big = BSX_NPY_HEADER_MAX;
    uint8_t *huge = malloc(12 + big + 1 + 12);
    ck_assert_ptr_nonnull(huge);
    char dict[] = "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4), }";
    memcpy(huge, "\x93NUMPY\x02\x00", 8);
    for (size_t limit = big; limit <= big + 1; limit++) {
        for (unsigned b = 0; b < 4; b++)
            huge[8 + b] = (uint8_t)(limit >> (8 * b));
        memcpy(huge + 12, dict, strlen(dict));
        memset(huge + 12 + strlen(dict), ' ', limit - strlen(dict) - 1);
        huge[12 + limit - 1] = '\n';
        memcpy(huge + 12 + limit, pm1_3x4, 12);
        int st = bsx_npy_parse_pm1(huge, 12 + limit + 12, "x.npy", "w", &m, err);
        ck_assert_int_eq(st, limit == big ? BSX_OK : BSX_EFORMAT);
        bsx_pm1_free(&m);
    }
    ck_assert_str_eq(err, "x.npy: w: header length 10001 exceeds the limit of "
                          "10000 bytes");
    free(huge);
}
END_TEST

/* Every proper prefix of a good file is rejected as malformed. */
START_TEST(every_truncation_rejected)
{
    size_t len;
    uint8_t *bytes = slurp(FIXTURES "good-i4.npy", &len);
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *copy = malloc(cut + 1); /* exact size, so ASan sees overreads */
        memcpy(copy, bytes, cut);
        char err[BSX_ERRLEN] = "";
        bsx_pm1_matrix m;
        ck_assert_int_eq(bsx_npy_parse_pm1(copy, cut, "t.npy", "w", &m, err),
                         BSX_EFORMAT);
        assert_one_line(err, "t.npy", "w");
        free(copy);
    }
    free(bytes);
}
END_TEST

/* Every single-byte change of a good file is rejected with one line, or
 * still reads as a +-1 matrix; changes inside the data are all caught
 * except a sign flip of a whole element. */
START_TEST(every_byte_mutation_handled)
{
    size_t len;
    uint8_t *bytes = slurp(FIXTURES "good-i1.npy", &len);
    size_t data_start = len - 15;
    int accepted = 0;
    for (size_t pos = 0; pos < len; pos++)
        for (unsigned v = 0; v < 256; v++) {
            if (v == bytes[pos])
                continue;
            uint8_t *copy = malloc(len);
            memcpy(copy, bytes, len);
            copy[pos] = (uint8_t)v;
            char err[BSX_ERRLEN] = "";
            bsx_pm1_matrix m;
            int st = bsx_npy_parse_pm1(copy, len, "m.npy", "w", &m, err);
            if (st == BSX_OK) {
                for (size_t i = 0; i < m.rows * m.cols; i++)
                    ck_assert(m.data[i] == 1 || m.data[i] == -1);
                if (pos >= data_start)
                    ck_assert_int_eq((int8_t)v, -(int8_t)bytes[pos]);
                accepted++;
            } else {
                assert_one_line(err, "m.npy", "w");
                ck_assert_ptr_null(m.data);
            }
            bsx_pm1_free(&m);
            free(copy);
        }
    ck_assert_int_gt(accepted, 15); /* the data sign flips at least */
    free(bytes);
}
END_TEST

/* ---- writers ---- */

static char tmpdir[64];

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/test_npy.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Entries of a folder other than . and .. (temporaries included). */
static int count_entries(const char *path)
{
    DIR *dir = opendir(path);
    int n = 0;
    for (struct dirent *e; dir != NULL && (e = readdir(dir)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (dir != NULL)
        closedir(dir);
    return n;
}

static void remove_tmpdir(void)
{
    DIR *dir = opendir(tmpdir);
    for (struct dirent *e; dir != NULL && (e = readdir(dir)) != NULL;) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        if (e->d_name[0] != '.')
            remove(path);
    }
    if (dir != NULL)
        closedir(dir);
    rmdir(tmpdir);
}

static void assert_same_file(const char *ours, const char *numpy)
{
    size_t a_len, b_len;
    uint8_t *a = slurp(ours, &a_len), *b = slurp(numpy, &b_len);
    ck_assert_uint_eq(a_len, b_len);
    ck_assert_mem_eq(a, b, a_len);
    free(a);
    free(b);
}

START_TEST(writers_match_np_save_bytes)
{
    char path[128], err[BSX_ERRLEN] = "";
    int32_t i32[4 * 6];
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 6; c++)
            i32[r * 6 + c] = r * 1000003 - c * 77777 - 5;
    snprintf(path, sizeof path, "%s/i4.npy", tmpdir);
    ck_assert_msg(bsx_npy_write_i32(path, 4, 6, i32, err) == BSX_OK, "%s", err);
    assert_same_file(path, FIXTURES "save-i4.npy");
    int8_t pm1[5 * 9];
    for (size_t r = 0; r < 5; r++)
        for (size_t c = 0; c < 9; c++)
            pm1[r * 9 + c] = (int8_t)pattern(r, c);
    snprintf(path, sizeof path, "%s/pm1.npy", tmpdir);
    ck_assert_msg(bsx_npy_write_pm1(path, 5, 9, pm1, err) == BSX_OK, "%s", err);
    assert_same_file(path, FIXTURES "save-pm1.npy");
}
END_TEST

START_TEST(random_round_trips)
{
    srand(4242u + (unsigned)_i);
    char path[128], err[BSX_ERRLEN] = "";
    snprintf(path, sizeof path, "%s/rt.npy", tmpdir);
    for (int k = 0; k < 40; k++) {
        size_t rows = 1 + (size_t)(rand() % 70), cols = 1 + (size_t)(rand() % 700);
        int8_t *w = malloc(rows * cols);
        int32_t *y = malloc(rows * cols * sizeof *y);
        for (size_t i = 0; i < rows * cols; i++) {
            w[i] = (rand() & 1) ? 1 : -1;
            y[i] = (int32_t)((uint32_t)rand() << 16 ^ (uint32_t)rand());
        }
        ck_assert_int_eq(bsx_npy_write_pm1(path, rows, cols, w, err), BSX_OK);
        bsx_pm1_matrix m;
        ck_assert_msg(bsx_npy_read_pm1(path, "w", &m, err) == BSX_OK, "%s", err);
        ck_assert_uint_eq(m.rows, rows);
        ck_assert_uint_eq(m.cols, cols);
        ck_assert_mem_eq(m.data, w, rows * cols);
        bsx_pm1_free(&m);
        /* int32: header through the parser, data decoded independently. */
        ck_assert_int_eq(bsx_npy_write_i32(path, rows, cols, y, err), BSX_OK);
        size_t len;
        uint8_t *bytes = slurp(path, &len);
        bsx_npy_layout layout;
        ck_assert_int_eq(bsx_npy_parse_header(bytes, len, len, path, "y", &layout, err),
                         BSX_OK);
        ck_assert_int_eq(layout.kind, 'i');
        ck_assert_uint_eq(layout.itemsize, 4);
        ck_assert_int_eq(layout.big_endian, 0);
        ck_assert_uint_eq(layout.rows, rows);
        ck_assert_uint_eq(layout.cols, cols);
        ck_assert_uint_eq(layout.data_offset % 64, 0);
        size_t mismatches = 0;
        for (size_t i = 0; i < rows * cols; i++) {
            const uint8_t *p = bytes + layout.data_offset + 4 * i;
            uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
                         (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
            mismatches += u != (uint32_t)y[i];
        }
        ck_assert_uint_eq(mismatches, 0);
        free(bytes);
        bsx_i32_matrix back;
        ck_assert_msg(bsx_npy_read_i32(path, "y", &back, err) == BSX_OK, "%s", err);
        ck_assert_uint_eq(back.rows, rows);
        ck_assert_uint_eq(back.cols, cols);
        ck_assert_mem_eq(back.data, y, rows * cols * sizeof *y);
        bsx_i32_free(&back);
        free(w);
        free(y);
    }
}
END_TEST

START_TEST(int32_reader_takes_numpy_integers)
{
    char err[BSX_ERRLEN] = "";
    bsx_i32_matrix y;
    ck_assert_msg(bsx_npy_read_i32(FIXTURES "save-i4.npy", "outputs", &y, err) == BSX_OK,
                  "%s", err);
    ck_assert_uint_eq(y.rows, 4);
    ck_assert_uint_eq(y.cols, 6);
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 6; c++)
            ck_assert_int_eq(y.data[r * 6 + c], r * 1000003 - c * 77777 - 5);
    bsx_i32_free(&y);
    static const char *ints[] = {"good-i1.npy", "good-i2.npy", "good-i8.npy",
                                 "good-i2-big.npy", "good-v3.npy"};
    for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
        char path[128];
        snprintf(path, sizeof path, FIXTURES "%s", ints[k]);
        ck_assert_msg(bsx_npy_read_i32(path, "outputs", &y, err) == BSX_OK, "%s", err);
        int mismatches = 0;
        for (size_t i = 0; i < y.rows * y.cols; i++)
            mismatches += y.data[i] != pattern(i / y.cols, i % y.cols);
        ck_assert_int_eq(mismatches, 0);
        bsx_i32_free(&y);
    }
    ck_assert_int_eq(bsx_npy_read_i32(FIXTURES "good-f4.npy", "outputs", &y, err),
                     BSX_EUNSUP);
    ck_assert_str_eq(err, FIXTURES "good-f4.npy: outputs: dtype is floating point; "
                          "expected an integer dtype (int8, int16, int32 or int64)");
    ck_assert_int_eq(bsx_npy_read_i32(FIXTURES "bad-3d.npy", "outputs", &y, err),
                     BSX_EUNSUP);
    ck_assert_ptr_null(y.data);
}
END_TEST

START_TEST(int32_reader_rejects_values_outside_int32)
{
    int64_t big[3] = {5, INT64_C(2147483648), -7};
    uint8_t buf[256];
    size_t len = build_npy(buf, 1, "{'descr': '<i8', 'fortran_order': False, "
                           "'shape': (3,), }", big, sizeof big);
    char path[128], err[BSX_ERRLEN];
    snprintf(path, sizeof path, "%s/big.npy", tmpdir);
    FILE *f = fopen(path, "wb");
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    fclose(f);
    bsx_i32_matrix y;
    ck_assert_int_eq(bsx_npy_read_i32(path, "outputs", &y, err), BSX_ERANGE);
    ck_assert_ptr_nonnull(strstr(err, "element 1 (row 0, col 1) is 2147483648; "
                                      "outside the int32 range"));
    ck_assert_ptr_null(y.data);
    big[1] = INT32_MIN;
    memcpy(buf + len - sizeof big, big, sizeof big);
    f = fopen(path, "wb");
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    fclose(f);
    ck_assert_int_eq(bsx_npy_read_i32(path, "outputs", &y, err), BSX_OK);
    ck_assert_int_eq(y.data[1], INT32_MIN);
    ck_assert_int_eq(y.data[2], -7);
    bsx_i32_free(&y);
}
END_TEST

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

START_TEST(writer_failures_leave_no_file)
{
    char path[128], tmp[160], err[BSX_ERRLEN];
    int8_t bad_values[4] = {1, -1, 0, 1};
    snprintf(path, sizeof path, "%s/x.npy", tmpdir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    ck_assert_int_eq(bsx_npy_write_pm1(path, 2, 2, bad_values, err), BSX_EINVAL);
    ck_assert_msg(strstr(err, "element 2 (row 1, col 0) is 0") != NULL, "%s", err);
    ck_assert_int_eq(bsx_npy_write_pm1(path, 0, 2, bad_values, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "x.npy: cannot write: shape (0, 2) is empty"));
    ck_assert_int_eq(bsx_npy_write_i32(path, 2, 0, NULL, err), BSX_EINVAL);
    ck_assert(!exists(path) && !exists(tmp));
    /* Missing directory: the tmp file cannot be created. */
    snprintf(path, sizeof path, "%s/no-such-dir/y.npy", tmpdir);
    int32_t y[2] = {1, 2};
    ck_assert_int_eq(bsx_npy_write_i32(path, 1, 2, y, err), BSX_EIO);
    ck_assert_ptr_nonnull(strstr(err, "y.npy: cannot create a file in its "
                                      "folder: No such file or directory"));
    /* The target is a directory: refused before anything is written. */
    snprintf(path, sizeof path, "%s/dir.npy", tmpdir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    ck_assert_int_eq(bsx_npy_write_i32(path, 1, 2, y, err), BSX_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "dir.npy: is not a regular file"));
    ck_assert(!exists(tmp));
    rmdir(path);
    /* The data cannot be stored (a file size limit stands in for a full
     * disk: writes fail with EFBIG; this test runs in its own process) */
    snprintf(path, sizeof path, "%s/full.npy", tmpdir);
    static int32_t big[4096];
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit = {4096, 4096};
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &limit), 0);
    ck_assert_int_eq(bsx_npy_write_i32(path, 64, 64, big, err), BSX_EIO);
    ck_assert_str_eq(strstr(err, ": cannot write: "),
                     ": cannot write: File too large");
    ck_assert(!exists(path));
    ck_assert_int_eq(count_entries(tmpdir), 0);
    /* A path too long for the file system. */
    char long_path[5000];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[sizeof long_path - 1] = '\0';
    ck_assert_int_eq(bsx_npy_write_i32(long_path, 1, 2, y, err), BSX_EIO);
    ck_assert_ptr_nonnull(strstr(err, "File name too long"));
}
END_TEST

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

int main(void)
{
    Suite *s = suite_create("npy");
    TCase *read = tcase_create("read");
    tcase_add_loop_test(read, numpy_files_read_exactly, 0, COUNT(good));
    tcase_add_loop_test(read, bad_files_rejected_with_reason, 0, COUNT(bad));
    tcase_add_test(read, file_and_memory_parsers_agree);
    tcase_add_test(read, missing_file_and_directory_are_io_errors);
    suite_add_tcase(s, read);
    TCase *header = tcase_create("header");
    tcase_add_loop_test(header, header_syntax_variants_accepted, 0,
                        COUNT(accepted_dicts));
    tcase_add_loop_test(header, header_syntax_errors_named, 0, COUNT(rejected_dicts));
    tcase_add_test(header, header_control_bytes_and_lengths);
    tcase_add_test(header, every_truncation_rejected);
    tcase_add_test(header, every_byte_mutation_handled);
    tcase_set_timeout(header, 60);
    suite_add_tcase(s, header);
    TCase *write = tcase_create("write");
    tcase_add_checked_fixture(write, make_tmpdir, remove_tmpdir);
    tcase_add_test(write, writers_match_np_save_bytes);
    tcase_add_loop_test(write, random_round_trips, 0, 4);
    tcase_add_test(write, writer_failures_leave_no_file);
    tcase_add_test(write, int32_reader_takes_numpy_integers);
    tcase_add_test(write, int32_reader_rejects_values_outside_int32);
    suite_add_tcase(s, write);
    return tb_run_suite(s);
}
