/* The cell-table CSV format (documented in cell_table.h): a validating reader
 * that names path:line and the problem, and a writer through safe_file.h so
 * a failed save never leaves a partial file. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsx_status.h"
#include "cell_table_nodes.h"
#include "safe_file.h"

#define MAX_FIELDS 7
#define SHORT_FIELDS 4
/* Grid levels may sit this fraction of a step away from the uniform grid. */
#define SPACING_TOL 1e-4

static const char *const FIELD_NAMES[MAX_FIELDS] = {
    "state", "vb", "vs", "current", "di_dvb", "di_dvs", "d2i_dvbdvs"};

typedef struct {
    int state;
    double v[MAX_FIELDS - 1]; /* vb, vs, current[, di_dvb, di_dvs, d2i] */
    long line;
} record;

typedef struct {
    const char *path;
    char *err;
    record *rec;
    size_t n, cap;
    int n_fields; /* 4 or 7, from the header */
} reader;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'
                       || end[-1] == '\n'))
        *--end = '\0';
    return s;
}

/* Splits s at commas in place; returns the field count (up to max + 1). */
static int split(char *s, char **fields, int max)
{
    int n = 0;
    for (;;) {
        char *comma = strchr(s, ',');
        if (n <= max)
            fields[n] = s;
        n++;
        if (!comma || n > max)
            return n;
        *comma = '\0';
        s = comma + 1;
    }
}

static int header_ok(char *line, int *n_fields)
{
    char *f[MAX_FIELDS + 1];
    int n = split(line, f, MAX_FIELDS);
    if (n != SHORT_FIELDS && n != MAX_FIELDS)
        return 0;
    for (int k = 0; k < n; k++)
        if (strcmp(trim(f[k]), FIELD_NAMES[k]) != 0)
            return 0;
    *n_fields = n;
    return 1;
}

static int fail(reader *r, long line, const char *what, const char *detail)
{
    if (line > 0)
        snprintf(r->err, BSX_ERRLEN, "%s:%ld: %s%s", r->path, line, what,
                 detail);
    else
        snprintf(r->err, BSX_ERRLEN, "%s: %s%s", r->path, what, detail);
    return BSX_EFORMAT;
}

static int parse_record(reader *r, char *line, long line_no, record *out)
{
    char *f[MAX_FIELDS + 1];
    int n = split(line, f, MAX_FIELDS);
    if (n != r->n_fields) {
        char msg[64];
        snprintf(msg, sizeof msg, "expected %d fields, found %d", r->n_fields,
                 n);
        return fail(r, line_no, msg, "");
    }
    for (int k = 0; k < n; k++) {
        char *text = trim(f[k]);
        char what[96];
        if (*text == '\0') {
            snprintf(what, sizeof what, "field '%s' is empty", FIELD_NAMES[k]);
            return fail(r, line_no, what, "");
        }
        char *end;
        errno = 0;
        double value = strtod(text, &end);
        if (*end != '\0') {
            snprintf(what, sizeof what, "field '%s' is not a number: ",
                     FIELD_NAMES[k]);
            return fail(r, line_no, what, text);
        }
        if (!isfinite(value) || (errno == ERANGE && fabs(value) > 1.0)) {
            snprintf(what, sizeof what, "field '%s' is not finite: ",
                     FIELD_NAMES[k]);
            return fail(r, line_no, what, text);
        }
        if (k == 0) {
            if (value != floor(value) || value < 0 || value >= BSX_NSTATES)
                return fail(r, line_no,
                            "state must be an integer 0..3 ((wl<<1)|w), got ",
                            text);
            out->state = (int)value;
        } else {
            out->v[k - 1] = value;
        }
    }
    out->line = line_no;
    return BSX_OK;
}

static int push(reader *r, const record *rec)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 1024;
        record *grown = realloc(r->rec, cap * sizeof *grown);
        if (!grown)
            return BSX_ENOMEM;
        r->rec = grown;
        r->cap = cap;
    }
    r->rec[r->n++] = *rec;
    return BSX_OK;
}

static int read_records(reader *r, FILE *in)
{
    char *line = NULL;
    size_t len = 0;
    long line_no = 0;
    int have_header = 0, st = BSX_OK;
    int got;
    while (st == BSX_OK
           && (got = bsx_in_line(in, r->path, (int)line_no + 1, &line, &len,
                                 r->err)) != 0) {
        line_no++;
        if (got < 0) {
            st = BSX_EFORMAT;
            break;
        }
        char *text = trim(line);
        if (*text == '\0' || *text == '#')
            continue;
        if (!have_header) {
            if (!header_ok(text, &r->n_fields))
                st = fail(r, line_no,
                          "header must be 'state,vb,vs,current' (optionally "
                          "followed by ',di_dvb,di_dvs,d2i_dvbdvs')",
                          "");
            have_header = 1;
            continue;
        }
        record rec;
        st = parse_record(r, text, line_no, &rec);
        if (st == BSX_OK)
            st = push(r, &rec);
    }
    int read_error = ferror(in);
    free(line);
    if (st != BSX_OK)
        return st;
    if (read_error) {
        snprintf(r->err, BSX_ERRLEN, "%s: read error", r->path);
        return BSX_EIO;
    }
    if (!have_header)
        return fail(r, 0, "no header line 'state,vb,vs,current'", "");
    if (r->n == 0)
        return fail(r, 0, "no data lines after the header", "");
    return BSX_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Finds the regular axis of field k (0 = vb, 1 = vs): min, max, count. */
static int find_axis(reader *r, int k, double *lo, double *hi, int *count)
{
    const char *name = FIELD_NAMES[k + 1];
    double *v = malloc(r->n * sizeof *v);
    if (!v)
        return BSX_ENOMEM;
    for (size_t i = 0; i < r->n; i++)
        v[i] = r->rec[i].v[k];
    qsort(v, r->n, sizeof *v, cmp_double);
    size_t levels = 1;
    for (size_t i = 1; i < r->n; i++)
        if (v[i] != v[levels - 1])
            v[levels++] = v[i];
    char msg[160];
    if (levels < 4) {
        free(v);
        snprintf(msg, sizeof msg, "%s axis has %zu distinct values, need at "
                 "least 4", name, levels);
        return fail(r, 0, msg, "");
    }
    if (levels > (1u << 18)) {
        free(v);
        snprintf(msg, sizeof msg, "%s axis has %zu distinct values, too many "
                 "for a grid of at most 2^20 points", name, levels);
        return fail(r, 0, msg, "");
    }
    double h = (v[levels - 1] - v[0]) / (double)(levels - 1);
    for (size_t i = 0; i < levels; i++) {
        double want = v[0] + (double)i * h;
        if (fabs(v[i] - want) > SPACING_TOL * h) {
            snprintf(msg, sizeof msg, "%s grid is not uniform: value %.9g "
                     "where a step of %.9g from %.9g expects %.9g", name,
                     v[i], h, v[0], want);
            free(v);
            return fail(r, 0, msg, "");
        }
    }
    *lo = v[0];
    *hi = v[levels - 1];
    *count = (int)levels;
    free(v);
    return BSX_OK;
}

/* Places every record on the grid; detects duplicates and missing points. */
static int fill_nodes(reader *r, const bsx_grid *g, double *nodes)
{
    size_t total = (size_t)BSX_NSTATES * (size_t)g->n_b * (size_t)g->n_s;
    long *seen = calloc(total, sizeof *seen);
    if (!seen)
        return BSX_ENOMEM;
    double h_b = (g->vb_max - g->vb_min) / (g->n_b - 1);
    double h_s = (g->vs_max - g->vs_min) / (g->n_s - 1);
    int st = BSX_OK;
    for (size_t i = 0; i < r->n && st == BSX_OK; i++) {
        const record *rec = &r->rec[i];
        int ib = (int)lround((rec->v[0] - g->vb_min) / h_b);
        int is = (int)lround((rec->v[1] - g->vs_min) / h_s);
        size_t idx = bsx_cell_table_node(g, rec->state, ib, is);
        if (seen[idx]) {
            char msg[96];
            snprintf(msg, sizeof msg, "duplicate point (state %d, vb %.9g, "
                     "vs %.9g), first at line %ld", rec->state, rec->v[0],
                     rec->v[1], seen[idx]);
            st = fail(r, rec->line, msg, "");
            break;
        }
        seen[idx] = rec->line;
        double *node = nodes + BSX_NODE_LEN * idx;
        node[BSX_NODE_F] = rec->v[2];
        if (r->n_fields == MAX_FIELDS) {
            node[BSX_NODE_FB] = rec->v[3];
            node[BSX_NODE_FS] = rec->v[4];
            node[BSX_NODE_FBS] = rec->v[5];
        }
    }
    for (int s = 0; s < BSX_NSTATES && st == BSX_OK; s++)
        for (int ib = 0; ib < g->n_b && st == BSX_OK; ib++)
            for (int is = 0; is < g->n_s && st == BSX_OK; is++)
                if (!seen[bsx_cell_table_node(g, s, ib, is)]) {
                    char msg[128];
                    snprintf(msg, sizeof msg, "missing point state %d, vb "
                             "%.9g, vs %.9g (a full regular grid is required)",
                             s, g->vb_min + ib * h_b, g->vs_min + is * h_s);
                    st = fail(r, 0, msg, "");
                }
    free(seen);
    return st;
}

static int build_from_records(reader *r, bsx_cell_table **out)
{
    bsx_grid g;
    int st = find_axis(r, 0, &g.vb_min, &g.vb_max, &g.n_b);
    if (st == BSX_OK)
        st = find_axis(r, 1, &g.vs_min, &g.vs_max, &g.n_s);
    if (st != BSX_OK)
        return st;
    const char *problem;
    if (bsx_cell_table_check_grid(&g, &problem) != BSX_OK)
        return fail(r, 0, problem, "");
    size_t total = (size_t)BSX_NSTATES * (size_t)g.n_b * (size_t)g.n_s;
    double *nodes = malloc(total * BSX_NODE_LEN * sizeof *nodes);
    if (!nodes)
        return BSX_ENOMEM;
    st = fill_nodes(r, &g, nodes);
    if (st != BSX_OK) {
        free(nodes);
        return st;
    }
    if (r->n_fields == SHORT_FIELDS)
        bsx_cell_table_differentiate(&g, nodes);
    return bsx_cell_table_from_nodes(&g, nodes, out);
}

int bsx_cell_table_load_csv(const char *path, bsx_cell_table **out, char *err)
{
    *out = NULL;
    FILE *in;
    int opened = bsx_in_open(path, "cell table", BSX_TEXT_MAX_BYTES, &in, err);
    if (opened != BSX_OK)
        return opened;
    reader r = {.path = path, .err = err};
    int st = read_records(&r, in);
    fclose(in);
    if (st == BSX_OK)
        st = build_from_records(&r, out);
    if (st == BSX_ENOMEM)
        snprintf(err, BSX_ERRLEN, "%s: out of memory", path);
    free(r.rec);
    return st;
}

static int write_rows(const bsx_cell_table *t, FILE *f)
{
    const bsx_grid *g = &t->grid;
    if (fprintf(f, "# bsxsim cell table: state = (wl<<1)|w, volts, amperes\n"
                   "%s,%s,%s,%s,%s,%s,%s\n",
                FIELD_NAMES[0], FIELD_NAMES[1], FIELD_NAMES[2],
                FIELD_NAMES[3], FIELD_NAMES[4], FIELD_NAMES[5],
                FIELD_NAMES[6]) < 0)
        return -1;
    for (int s = 0; s < BSX_NSTATES; s++)
        for (int ib = 0; ib < g->n_b; ib++)
            for (int is = 0; is < g->n_s; is++) {
                const double *n =
                    t->nodes + BSX_NODE_LEN * bsx_cell_table_node(g, s, ib, is);
                double vb = ib == g->n_b - 1 ? g->vb_max
                                             : g->vb_min + ib * t->h_b;
                double vs = is == g->n_s - 1 ? g->vs_max
                                             : g->vs_min + is * t->h_s;
                if (fprintf(f, "%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", s,
                            vb, vs, n[BSX_NODE_F], n[BSX_NODE_FB],
                            n[BSX_NODE_FS], n[BSX_NODE_FBS]) < 0)
                    return -1;
            }
    return 0;
}

int bsx_cell_table_save_csv(const bsx_cell_table *t, const char *path,
                            char *err)
{
    bsx_out *o;
    int st = bsx_out_open(path, "cell table", &o, err);
    if (st != BSX_OK)
        return st;
    if (write_rows(t, bsx_out_stream(o))) {
        snprintf(err, BSX_ERRLEN, "%s: cannot write: %s", path,
                 strerror(errno));
        bsx_out_abort(o);
        return BSX_EIO;
    }
    return bsx_out_commit(o, err);
}
