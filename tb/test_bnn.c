/* Check tests of the network path under ASan+UBSan: the model loader's
 * refusals, the IDX reader (gzip written here with zlib), the N-d .npy
 * reader, and inference of a small binary network whose every binary layer
 * must equal exact integer arithmetic computed here with plain loops, in
 * both schemes (ideal arrays). The NumPy known-answer test of the full layer
 * set is tb/test_bnn.py. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bnn_data.h"
#include "bnn_model.h"
#include "bnn_run.h"
#include "bsx_status.h"
#include "npy.h"
#include "preset_args.h"
#include "tb_cli.h"
#include "vmm.h"

/* Writes an .npy of any shape: descr ("<f8", "|i1", "|u1", ...) and bytes. */
static void write_npy(const char *path, const char *descr, const char *shape,
                      const void *data, size_t bytes)
{
    char dict[256];
    int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, "
                     "'shape': %s, }", descr, shape);
    size_t total = 10 + (size_t)n + 1, pad = (64 - total % 64) % 64;
    unsigned hlen = (unsigned)((size_t)n + pad + 1);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                             (unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8)};
    fwrite(pre, 1, 10, f);
    fwrite(dict, 1, (size_t)n, f);
    for (size_t i = 0; i < pad; i++)
        fputc(' ', f);
    fputc('\n', f);
    fwrite(data, 1, bytes, f);
    fclose(f);
}

enum { IMG = 6, CH = 70, POOLED = 3, FEAT = CH * POOLED * POOLED, CLASSES = 10 };

/* input (1, 6, 6) -> sign -> binary conv 1->70 (2 column tiles) -> maxpool 2
 * -> bn_sign -> flatten -> binary linear 630->10 (10 row tiles). */
static const char manifest_text[] =
    "{\"format\": \"bsx-bnn\", \"version\": 1, \"name\": \"t\",\n"
    " \"input\": {\"shape\": [1, 6, 6], \"scale\": 1, \"mean\": [128], \"std\": [1]},\n"
    " \"classes\": 10, \"layers\": [\n"
    "  {\"kind\": \"sign\"},\n"
    "  {\"kind\": \"conv2d\", \"binary\": true, \"weight\": \"cw.npy\", \"bias\": null,\n"
    "   \"in_channels\": 1, \"out_channels\": 70, \"kernel\": 3, \"stride\": 1, \"padding\": 1},\n"
    "  {\"kind\": \"maxpool2d\", \"size\": 2},\n"
    "  {\"kind\": \"bn_sign\", \"threshold\": \"t.npy\", \"direction\": \"d.npy\"},\n"
    "  {\"kind\": \"flatten\"},\n"
    "  {\"kind\": \"linear\", \"binary\": true, \"weight\": \"lw.npy\", \"bias\": null,\n"
    "   \"in_features\": 630, \"out_features\": 10}]}\n";

static int8_t conv_w[9 * CH], lin_w[FEAT * CLASSES], dirs[CH];
static double thr[CH];

static int8_t pm1(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 1 ? 1 : -1;
}

static void make_model(const char *manifest)
{
    unsigned seed = 7;
    for (size_t i = 0; i < sizeof conv_w; i++)
        conv_w[i] = pm1(&seed);
    for (size_t i = 0; i < sizeof lin_w; i++)
        lin_w[i] = pm1(&seed);
    for (int c = 0; c < CH; c++) {
        dirs[c] = pm1(&seed);
        thr[c] = (double)(c % 9) - 4.0;
    }
    write_npy(tb_path("cw.npy"), "|i1", "(9, 70)", conv_w, sizeof conv_w);
    write_npy(tb_path("lw.npy"), "|i1", "(630, 10)", lin_w, sizeof lin_w);
    write_npy(tb_path("t.npy"), "<f8", "(70,)", thr, sizeof thr);
    write_npy(tb_path("d.npy"), "|i1", "(70,)", dirs, sizeof dirs);
    tb_write_file(tb_path("manifest.json"), manifest);
}

/* The network by plain loops: exact integers. */
static void expected_logits(const uint8_t *img, int32_t *logits)
{
    int s[IMG][IMG], conv[CH][IMG][IMG];
    int8_t feat[FEAT];
    for (int y = 0; y < IMG; y++)
        for (int x = 0; x < IMG; x++)
            s[y][x] = img[y * IMG + x] >= 128 ? 1 : -1;
    for (int o = 0; o < CH; o++)
        for (int y = 0; y < IMG; y++)
            for (int x = 0; x < IMG; x++) {
                int acc = 0;
                for (int ky = 0; ky < 3; ky++)
                    for (int kx = 0; kx < 3; kx++) {
                        int iy = y + ky - 1, ix = x + kx - 1;
                        int v = iy < 0 || ix < 0 || iy >= IMG || ix >= IMG ? -1 : s[iy][ix];
                        acc += v * conv_w[(ky * 3 + kx) * CH + o];
                    }
                conv[o][y][x] = acc;
            }
    for (int o = 0; o < CH; o++)
        for (int y = 0; y < POOLED; y++)
            for (int x = 0; x < POOLED; x++) {
                int m = conv[o][2 * y][2 * x];
                for (int d = 1; d < 4; d++)
                    if (conv[o][2 * y + d / 2][2 * x + d % 2] > m)
                        m = conv[o][2 * y + d / 2][2 * x + d % 2];
                feat[(o * POOLED + y) * POOLED + x] = dirs[o] * (m - thr[o]) >= 0 ? 1 : -1;
            }
    for (int k = 0; k < CLASSES; k++) {
        int acc = 0;
        for (int i = 0; i < FEAT; i++)
            acc += feat[i] * lin_w[i * CLASSES + k];
        logits[k] = acc;
    }
}

static void setup(void)
{
    tb_dir_make("bnn");
}

static void teardown(void)
{
    tb_dir_remove();
}

START_TEST(ideal_equals_exact)
{
    make_model(manifest_text);
    char err[BSX_ERRLEN] = "";
    bsx_bnn_model *m;
    ck_assert_msg(bsx_bnn_model_load(tb_path(""), &m, err) == BSX_OK, "%s", err);
    enum { COUNT = 12 };
    uint8_t images[COUNT * IMG * IMG];
    unsigned seed = 99;
    for (size_t i = 0; i < sizeof images; i++) {
        seed = seed * 1103515245u + 12345u;
        images[i] = (uint8_t)(seed >> 20);
    }
    for (int scheme = 0; scheme < 2; scheme++) {
        bsx_bnn_run_options o = {.analog = NULL, .threads = 1 + scheme, .chunk = 5};
        bsx_macro_defaults(&o.cfg, (bsx_scheme)scheme);
        bsx_bnn_runner *r;
        ck_assert_msg(bsx_bnn_runner_create(m, &o, &r, err) == BSX_OK, "%s", err);
        float logits[COUNT * CLASSES];
        ck_assert_msg(bsx_bnn_runner_infer(r, images, COUNT, logits, err) == BSX_OK, "%s", err);
        for (int b = 0; b < COUNT; b++) {
            int32_t want[CLASSES];
            expected_logits(images + b * IMG * IMG, want);
            for (int k = 0; k < CLASSES; k++)
                ck_assert_int_eq((int32_t)logits[b * CLASSES + k], want[k]);
        }
        ck_assert_uint_eq(bsx_bnn_runner_binary_layers(r), 2);
        const bsx_bnn_layer_stats *s = bsx_bnn_runner_stats(r, 0);
        ck_assert_uint_eq(s->vmms, COUNT * IMG * IMG);
        ck_assert_uint_eq(s->mismatches, 0);
        ck_assert_uint_eq(bsx_bnn_runner_stats(r, 1)->row_tiles, 10);
        int8_t *x;
        size_t batch;
        ck_assert_int_eq(bsx_bnn_runner_capture(r, 1, images, &x, &batch, err), BSX_OK);
        ck_assert_uint_eq(batch, IMG * IMG);
        /* pixel (0, 0): the top-left 2 x 2 of the padded patch are -1 */
        ck_assert_int_eq(x[0], -1);
        ck_assert_int_eq(x[4], images[0] >= 128 ? 1 : -1);
        free(x);
        ck_assert_int_eq(bsx_bnn_runner_capture(r, 0, images, &x, &batch, err), BSX_EINVAL);
        bsx_bnn_runner_destroy(r);
    }
    bsx_bnn_model_destroy(m);
}
END_TEST

/* Loads the model with one substring of the manifest replaced; returns the
 * status and leaves the message in err. */
static int load_with(const char *from, const char *to, char *err)
{
    char text[sizeof manifest_text + 256];
    const char *at = strstr(manifest_text, from);
    ck_assert_ptr_nonnull(at);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - manifest_text), manifest_text, to,
             at + strlen(from));
    make_model(text);
    bsx_bnn_model *m = NULL;
    int st = bsx_bnn_model_load(tb_path(""), &m, err);
    bsx_bnn_model_destroy(m);
    return st;
}

START_TEST(loader_refusals)
{
    static const struct {
        const char *from, *to, *needs;
    } cases[] = {
        {"\"sign\"", "\"relu\"", "layers[0].kind"},
        {"\"kernel\": 3, ", "", "layers[1].kernel: missing field"},
        {"\"kernel\": 3", "\"kernel\": 99", "layers[1].kernel: 99 is outside"},
        {"\"cw.npy\"", "\"../cw.npy\"", "layers[1].weight"},
        {"\"cw.npy\"", "\"sub/cw.npy\"", "plain file name"},
        {"\"out_channels\": 70", "\"out_channels\": 71", "cw.npy: layers[1].weight: shape (9, 70), expected (9, 71)"},
        {"\"in_features\": 630", "\"in_features\": 631", "layers[5].in_features"},
        {"\"size\": 2", "\"size\": 4", "layers[2].size"},
        {"{\"kind\": \"sign\"},\n", "", "layers[0].binary: a binary conv2d needs +-1"},
        {"\"classes\": 10", "\"classes\": 9", "layers:"},
        {"\"std\": [1]", "\"std\": [0]", "input.std"},
        {"\"version\": 1", "\"version\": 2", "version"},
        {"\"layers\": [", "\"layers\": 3, \"x\": [", "layers: must be an array"},
        {"\"bias\": null,\n   \"in_features\"", "\"bias\": \"t.npy\",\n   \"in_features\"", "no bias"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[BSX_ERRLEN] = "";
        ck_assert_int_ne(load_with(cases[i].from, cases[i].to, err), BSX_OK);
        ck_assert_msg(strstr(err, cases[i].needs) != NULL, "case %zu: '%s' lacks '%s'", i,
                      err, cases[i].needs);
        ck_assert_ptr_null(strchr(err, '\n'));
    }
    /* a non-+-1 binary weight, NaN threshold */
    char err[BSX_ERRLEN];
    make_model(manifest_text);
    int8_t bad[9 * CH];
    memcpy(bad, conv_w, sizeof bad);
    bad[100] = 3;
    write_npy(tb_path("cw.npy"), "|i1", "(9, 70)", bad, sizeof bad);
    bsx_bnn_model *m = NULL;
    ck_assert_int_ne(bsx_bnn_model_load(tb_path(""), &m, err), BSX_OK);
    ck_assert_msg(strstr(err, "element 100 is 3") != NULL, "%s", err);
    make_model(manifest_text);
    double t[CH] = {0};
    t[5] = 0.0 / 0.0;
    write_npy(tb_path("t.npy"), "<f8", "(70,)", t, sizeof t);
    ck_assert_int_ne(bsx_bnn_model_load(tb_path(""), &m, err), BSX_OK);
    ck_assert_msg(strstr(err, "t.npy: layers[3].threshold: element 5 is NaN") != NULL, "%s", err);
    ck_assert_ptr_null(m);
}
END_TEST

static void write_gz(const char *path, const uint8_t *bytes, size_t n)
{
    gzFile gz = gzopen(path, "wb");
    ck_assert_ptr_nonnull(gz);
    ck_assert_int_eq(gzwrite(gz, bytes, (unsigned)n), (int)n);
    gzclose(gz);
}

START_TEST(idx_folder)
{
    uint8_t images[16 + 3 * 6 * 6] = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0, 6};
    for (int i = 0; i < 3 * 36; i++)
        images[16 + i] = (uint8_t)(i * 7);
    uint8_t labels[8 + 3] = {0, 0, 8, 1, 0, 0, 0, 3, 4, 0, 9};
    write_gz(tb_path("t10k-images-idx3-ubyte.gz"), images, sizeof images);
    write_gz(tb_path("t10k-labels-idx1-ubyte.gz"), labels, sizeof labels);
    char err[BSX_ERRLEN];
    bsx_bnn_data d;
    ck_assert_msg(bsx_bnn_data_load(tb_path(""), NULL, &d, err) == BSX_OK, "%s", err);
    ck_assert_uint_eq(d.count, 3);
    ck_assert_uint_eq(d.h, 6);
    ck_assert_int_eq(d.pixels[37], 37 * 7 % 256);
    ck_assert_int_eq(d.labels[2], 9);
    bsx_bnn_data_free(&d);
    /* truncated body, wrong type, more labels than images */
    write_gz(tb_path("t10k-images-idx3-ubyte.gz"), images, sizeof images - 1);
    ck_assert_int_eq(bsx_bnn_data_load(tb_path(""), NULL, &d, err), BSX_EFORMAT);
    ck_assert_msg(strstr(err, "t10k-images-idx3-ubyte.gz: truncated") != NULL, "%s", err);
    images[2] = 0x0d;
    write_gz(tb_path("t10k-images-idx3-ubyte.gz"), images, sizeof images);
    ck_assert_int_eq(bsx_bnn_data_load(tb_path(""), NULL, &d, err), BSX_EFORMAT);
    ck_assert_msg(strstr(err, "not unsigned byte") != NULL, "%s", err);
    images[2] = 8;
    write_gz(tb_path("t10k-images-idx3-ubyte.gz"), images, sizeof images);
    labels[7] = 4;
    write_gz(tb_path("t10k-labels-idx1-ubyte.gz"), labels, sizeof labels);
    ck_assert_int_eq(bsx_bnn_data_load(tb_path(""), NULL, &d, err), BSX_EFORMAT);
    ck_assert_ptr_null(d.pixels);
}
END_TEST

START_TEST(npy_tensors)
{
    uint8_t img[2 * 2 * 3 * 4];
    for (size_t i = 0; i < sizeof img; i++)
        img[i] = (uint8_t)(250 + i % 6);
    write_npy(tb_path("img.npy"), "|u1", "(2, 2, 3, 4)", img, sizeof img);
    char err[BSX_ERRLEN];
    bsx_npy_tensor t;
    ck_assert_int_eq(bsx_npy_read_tensor(tb_path("img.npy"), "images", 1000, &t, err), BSX_OK);
    ck_assert_uint_eq(t.ndim, 4);
    ck_assert_uint_eq(t.shape[2], 3);
    ck_assert_double_eq(t.data[5], 255.0);
    bsx_npy_tensor_free(&t);
    ck_assert_int_eq(bsx_npy_read_tensor(tb_path("img.npy"), "images", 47, &t, err), BSX_EUNSUP);
    ck_assert_msg(strstr(err, "48 elements exceed the limit of 47") != NULL, "%s", err);
    write_npy(tb_path("img5.npy"), "|u1", "(1, 1, 1, 1, 48)", img, sizeof img);
    ck_assert_int_eq(bsx_npy_read_tensor(tb_path("img5.npy"), "images", 1000, &t, err), BSX_EUNSUP);
    /* the 2-D readers still refuse unsigned and 3-D arrays */
    bsx_pm1_matrix pm;
    ck_assert_int_eq(bsx_npy_read_pm1(tb_path("img.npy"), "inputs", &pm, err), BSX_EUNSUP);
    int32_t v[3] = {7, -1, 5};
    ck_assert_int_eq(bsx_npy_write_i32_vector(tb_path("v.npy"), 3, v, err), BSX_OK);
    ck_assert_int_eq(bsx_npy_read_tensor(tb_path("v.npy"), "v", 10, &t, err), BSX_OK);
    ck_assert_uint_eq(t.ndim, 1);
    ck_assert_double_eq(t.data[1], -1.0);
    bsx_npy_tensor_free(&t);
    ck_assert_int_eq(bsx_npy_write_i32(tb_path("e.npy"), 0, 3, v, err), BSX_EINVAL);
    ck_assert(!tb_exists(tb_path("e.npy")));
}
END_TEST

/* psum_only gives the partial sums of a full ideal run and writes nothing. */
START_TEST(psum_only_pass)
{
    enum { ROWS = 150, COLS = 70, BATCH = 40 };
    static int8_t w[ROWS * COLS], x[BATCH * ROWS];
    unsigned seed = 3;
    for (size_t i = 0; i < sizeof w; i++)
        w[i] = i % 5 == 0 ? 1 : pm1(&seed);
    for (size_t i = 0; i < sizeof x; i++)
        x[i] = i % 3 == 0 ? 1 : pm1(&seed);
    for (int scheme = 0; scheme < 2; scheme++) {
        bsx_macro_config cfg;
        bsx_macro_defaults(&cfg, (bsx_scheme)scheme);
        char err[BSX_ERRLEN];
        bsx_layer *layer;
        ck_assert_int_eq(bsx_layer_program(&cfg, w, ROWS, COLS, &layer, err), BSX_OK);
        uint64_t full[65] = {0}, only[65] = {0};
        static int32_t y[BATCH * COLS];
        bsx_vmm_options o;
        bsx_vmm_defaults(&o);
        o.psum_histogram = full;
        bsx_vmm_stats a, b;
        ck_assert_int_eq(bsx_vmm_run(layer, x, BATCH, &o, y, &a, err), BSX_OK);
        o.psum_histogram = only;
        o.psum_only = 1;
        o.threads = 2;
        ck_assert_int_eq(bsx_vmm_run(layer, x, BATCH, &o, NULL, &b, err), BSX_OK);
        ck_assert_mem_eq(full, only, sizeof full);
        ck_assert_uint_eq(a.conversions, b.conversions);
        ck_assert_uint_eq(a.activation_flips, b.activation_flips);
        ck_assert_double_eq(a.mean_psum, b.mean_psum);
        ck_assert_uint_eq(b.mismatches, 0);
        bsx_layer_destroy(layer);
    }
}
END_TEST

/* The solve cache changes no output: an analog run with repeated vectors
 * (as uniform image regions give) equals the uncached run, with fewer solves. */
START_TEST(solve_cache_is_exact)
{
    enum { ROWS = 100, COLS = 12, BATCH = 24 };
    static int8_t w[ROWS * COLS], x[BATCH * ROWS];
    unsigned seed = 5;
    for (size_t i = 0; i < sizeof w; i++)
        w[i] = pm1(&seed);
    for (int b = 0; b < BATCH; b++)
        for (int r = 0; r < ROWS; r++)
            x[b * ROWS + r] = b > 0 && b % 3 == 0 ? x[r] : pm1(&seed); /* every 3rd = vector 0 */
    char err[BSX_ERRLEN];
    bsx_preset p;
    ck_assert_msg(bsx_preset_from_args("sram-m3-2ua", NULL, 0, &p, err) == BSX_OK, "%s", err);
    bsx_analog *a;
    ck_assert_msg(bsx_analog_create(&p, 64, &a, err) == BSX_OK, "%s", err);
    bsx_macro_config cfg;
    bsx_macro_defaults(&cfg, BSX_SCHEME_BINSPARX);
    bsx_layer *layer;
    ck_assert_int_eq(bsx_layer_program(&cfg, w, ROWS, COLS, &layer, err), BSX_OK);
    static int32_t y0[BATCH * COLS], y1[BATCH * COLS];
    bsx_vmm_options o;
    bsx_vmm_defaults(&o);
    o.analog = a;
    bsx_vmm_stats s0, s1;
    ck_assert_int_eq(bsx_vmm_run(layer, x, BATCH, &o, y0, &s0, err), BSX_OK);
    o.solve_cache = 4096;
    ck_assert_int_eq(bsx_vmm_run(layer, x, BATCH, &o, y1, &s1, err), BSX_OK);
    ck_assert_mem_eq(y0, y1, sizeof y0);
    ck_assert_uint_eq(s0.mismatches, s1.mismatches);
    ck_assert_uint_eq(s0.sum_sq_error, s1.sum_sq_error);
    ck_assert_uint_eq(s0.cache_hits, 0);
    ck_assert(s1.cache_hits > 0 && s1.cache_hits <= 2 * (BATCH / 3 - 1)); /* 2 row tiles */
    ck_assert_uint_eq(s0.solves - s1.solves, s1.cache_hits * COLS);
    ck_assert(s0.mismatches > 0); /* the analog array really errs here */
    o.solve_cache = 3; /* slots shared by many patterns: evictions, no false hits */
    ck_assert_int_eq(bsx_vmm_run(layer, x, BATCH, &o, y1, &s1, err), BSX_OK);
    ck_assert_mem_eq(y0, y1, sizeof y0);
    ck_assert_uint_eq(s0.solves - s1.solves, s1.cache_hits * COLS);
    bsx_layer_destroy(layer);
    bsx_analog_destroy(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bnn");
    TCase *tc = tcase_create("bnn");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ideal_equals_exact);
    tcase_add_test(tc, loader_refusals);
    tcase_add_test(tc, idx_folder);
    tcase_add_test(tc, npy_tensors);
    tcase_add_test(tc, psum_only_pass);
    tcase_add_test(tc, solve_cache_is_exact);
    suite_add_tcase(s, tc);
    return tb_run_suite(s);
}
