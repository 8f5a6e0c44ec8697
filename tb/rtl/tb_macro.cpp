// Bench of the whole macro (bsx_macro) with an ideal analog array: every
// output word must equal X @ W exactly unless its code clipped, and always
// the independent model of block_models.h; the word lines must be the
// (flipped, masked) activations and stay still while the ADCs compare; the
// latency must be the formula in bsx_macro.sv's header. Random tiles with
// n <= N rows in use, random vectors, random input gaps and output
// back-pressure, plus directed ties, all +1 / all -1 and clipping cases.
// A last phase adds a random offset to every column current (from -ps - 1
// to 2^B LSB, fixed per vector, as an analog array would), so codes land
// anywhere in 0..2^B-1: the results must still follow equation (1) for the
// code the shared SAR rule gives, over the full result width.
// Parameters come from the build: P_SCHEME, P_N, P_M, P_K, P_B,
// P_TREE_STAGES, P_SETTLE, P_OW (the same values as the Verilog -G flags).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "Vbsx_macro.h"
#include "verilated.h"

extern "C" {
#include "adc.h"
}
#include "block_models.h"
#include "vl_bits.h"

namespace {

constexpr int N = P_N, M = P_M, K = P_K, B = P_B, OW = P_OW;
constexpr int SW = vl_clog2(N + 1);
constexpr int CW = vl_clog2(M);
constexpr bool BINSPARX = P_SCHEME != 0;
// An independent oracle, written here on purpose: the formula's one copy in
// the programs is bsx_rtl_latency_cycles (src/rtl_config.c), which the
// co-simulation's measurements check (tb/test_cosim.py); this bench checks
// the RTL against the schedule without linking the reference library.
constexpr int LATENCY = (BINSPARX ? P_TREE_STAGES + 1 : 0) + P_SETTLE + (M / K) * (B + 1) + 1;

struct Tile {
    int n = N;
    std::vector<std::vector<int>> w;       // w[row][col] in {-1, +1}, rows < n
    std::vector<std::vector<int>> stored;  // W' bits as stored (after column flip)
    std::vector<int> col_flip, wsum;
};

struct Vector {
    std::vector<int> a;  // a[row] in {-1, +1}, rows < n
};

class Bench {
  public:
    Bench() : ctx_(new VerilatedContext), top_(new Vbsx_macro(ctx_, "bsx_macro")), tally_(NAME) {}
    ~Bench()
    {
        top_->final();
        delete top_;
        delete ctx_;
    }
    int run(unsigned seed);

  private:
    static constexpr const char *NAME = "tb_macro[" P_LABEL "]";
    VerilatedContext *ctx_;
    Vbsx_macro *top_;
    Tally tally_;
    std::mt19937_64 rng_;
    uint64_t cycle_ = 0;
    bool analog_ = false;          // column currents carry offset_
    std::vector<double> offset_;   // per column, LSB, for the vector in flight

    void edge();
    void reset();
    void program(const Tile &t);
    void set_keep(const Tile &t);
    void stream(const Tile &t, const std::vector<Vector> &vs);
    void check_output(const Tile &t, const Vector &v);
    int column_psum(const Tile &t, unsigned col) const;
    double column_current(const Tile &t, unsigned col) const;
    static void store_column(Tile &t, int c);
    Tile random_tile(int n);
    Vector random_vector(int n, int ones);
};

void Bench::edge()
{
    vl_clock_edge(*top_);
    cycle_++;
}

void Bench::reset()
{
    top_->clk_i = 0;
    top_->rst_ni = 0;
    top_->in_valid_i = 0;
    top_->out_ready_i = 0;
    top_->cfg_we_i = 0;
    top_->adc_keep_i = 0;
    top_->eval();
    edge();
    edge();
    top_->rst_ni = 1;
    top_->eval();
}

void Bench::program(const Tile &t)
{
    top_->cfg_rows_i = static_cast<uint32_t>(t.n);
    for (int c = 0; c < M; c++) {
        top_->cfg_we_i = 1;
        top_->cfg_col_i = static_cast<uint32_t>(c);
        top_->cfg_col_flip_i = static_cast<uint8_t>(t.col_flip[c]);
        top_->cfg_wsum_i = static_cast<uint32_t>(t.wsum[c]);
        top_->eval();
        edge();
    }
    top_->cfg_we_i = 0;
    top_->eval();
}

// Partial sum of a column under the word lines the macro drives now.
int Bench::column_psum(const Tile &t, unsigned col) const
{
    int ps = 0;
    if (col < static_cast<unsigned>(M))
        for (int r = 0; r < N; r++)
            ps += static_cast<int>(vl_bit(top_->wl_o, r)) & t.stored[r][col];
    return ps;
}

// Column current in units of I_LSB: ps, plus the vector's offset in the
// analog phase.
double Bench::column_current(const Tile &t, unsigned col) const
{
    double current = column_psum(t, col);
    if (analog_ && col < static_cast<unsigned>(M))
        current += offset_[col];
    return current;
}

// The array and comparators: the current of the column each ADC looks at,
// decided by the shared SAR rule.
void Bench::set_keep(const Tile &t)
{
    uint64_t keep = 0;
    for (int k = 0; k < K; k++) {
        unsigned col = static_cast<unsigned>(vl_field(top_->adc_col_o, k * CW, CW));
        unsigned trial = static_cast<unsigned>(vl_field(top_->adc_trial_o, k * B, B));
        if (bsx_adc_keep(column_current(t, col), trial, 1.0))
            keep |= uint64_t{1} << k;
    }
    for (int k = 0; k < K; k++)
        vl_set_bit(top_->adc_keep_i, k, static_cast<unsigned>((keep >> k) & 1u));
}

// Static weight sparsification (BinSparX) and sum(W') of column c.
void Bench::store_column(Tile &t, int c)
{
    int sum = 0;
    for (int r = 0; r < t.n; r++)
        sum += t.w[r][c];
    t.col_flip[c] = BINSPARX && sum >= 0;
    t.wsum[c] = 0;
    for (int r = 0; r < N; r++) {
        int stored = t.col_flip[c] ? -t.w[r][c] : t.w[r][c];
        t.stored[r][c] = r < t.n && stored > 0;
        t.wsum[c] += t.stored[r][c];
    }
}

// Random weights; one column in ten all +1, one in ten all -1.
Tile Bench::random_tile(int n)
{
    Tile t;
    t.n = n;
    t.w.assign(N, std::vector<int>(M, 0));
    t.stored.assign(N, std::vector<int>(M, 0));
    t.col_flip.assign(M, 0);
    t.wsum.assign(M, 0);
    std::uniform_int_distribution<int> style(0, 9);
    for (int c = 0; c < M; c++) {
        int kind = style(rng_);
        for (int r = 0; r < n; r++) {
            int bit = kind == 0 ? 1 : kind == 1 ? 0 : static_cast<int>(rng_() & 1u);
            t.w[r][c] = bit ? 1 : -1;
        }
        store_column(t, c);
    }
    return t;
}

// ones < 0: each row +1 with probability 1/2; otherwise exactly `ones` rows +1.
Vector Bench::random_vector(int n, int ones)
{
    Vector v;
    v.a.assign(N, 0);
    if (ones < 0) {
        for (int r = 0; r < n; r++)
            v.a[r] = (rng_() & 1u) ? 1 : -1;
        return v;
    }
    std::vector<int> rows(n);
    for (int r = 0; r < n; r++)
        rows[r] = r;
    std::shuffle(rows.begin(), rows.end(), rng_);
    for (int i = 0; i < n; i++)
        v.a[rows[i]] = i < ones ? 1 : -1;
    return v;
}

void Bench::check_output(const Tile &t, const Vector &v)
{
    int s = 0;
    for (int r = 0; r < t.n; r++)
        s += v.a[r] > 0;
    bool act_flip = BINSPARX && model::activation_flip(s, t.n);
    int s_used = model::sum_used(s, t.n, act_flip);
    tally_.check(top_->out_act_flip_o == act_flip, [&] {
        std::printf("  cycle %llu: activation_flip %d, expected %d (s=%d n=%d)\n",
                    (unsigned long long)cycle_, top_->out_act_flip_o, act_flip, s, t.n);
    });
    for (int c = 0; c < M; c++) {
        int exact = 0, ps = 0;
        for (int r = 0; r < t.n; r++) {
            exact += v.a[r] * t.w[r][c];
            int applied = (v.a[r] > 0) != act_flip;
            ps += applied & t.stored[r][c];
        }
        unsigned code = analog_ ? bsx_adc_convert(ps + offset_[c], B, 1.0) : model::ideal_code(ps, B);
        bool clip = code == (1u << B) - 1u;
        int64_t want = model::post_process(code, s_used, t.wsum[c], t.n, act_flip != (t.col_flip[c] != 0));
        int64_t got = sign_extend(vl_field(top_->out_data_o, c * OW, OW), OW);
        unsigned got_clip = vl_bit(top_->out_clip_o, c);
        tally_.check(got == want && got_clip == clip && (clip || analog_ || got == exact), [&] {
            std::printf("  cycle %llu col %d: got %lld clip %u, model %lld clip %d, exact %d "
                        "(n=%d s=%d ps=%d wsum=%d)\n",
                        (unsigned long long)cycle_, c, (long long)got, got_clip, (long long)want,
                        clip, exact, t.n, s, ps, t.wsum[c]);
        });
    }
}

void Bench::stream(const Tile &t, const std::vector<Vector> &vs)
{
    std::bernoulli_distribution gap(0.2), stall(0.3);
    size_t sent = 0, received = 0;
    uint64_t accept_cycle = 0;
    bool in_flight = false;
    std::vector<int> wl_want(N, 0);
    uint64_t limit = cycle_ + static_cast<uint64_t>(vs.size()) * (LATENCY + 20) * 4 + 100;
    while (received < vs.size()) {
        if (cycle_ > limit) {
            tally_.check(false, [&] { std::printf("  timeout at cycle %llu\n", (unsigned long long)cycle_); });
            return;
        }
        // inputs for this cycle (in_valid never waits for in_ready)
        bool offer = sent < vs.size() && !gap(rng_);
        top_->in_valid_i = offer;
        if (offer)
            for (int r = 0; r < N; r++)
                vl_set_bit(top_->in_act_i, r, vs[sent].a[r] > 0);
        top_->out_ready_i = !stall(rng_);
        set_keep(t);
        top_->eval();

        // word lines: the applied vector while the ADCs compare
        if (top_->adc_busy_o) {
            int bad = -1;
            for (int r = 0; r < N && bad < 0; r++)
                if (static_cast<int>(vl_bit(top_->wl_o, r)) != wl_want[r])
                    bad = r;
            tally_.check(bad < 0, [&] {
                std::printf("  cycle %llu: word line %d is %u, want %d (the applied vector)\n",
                            (unsigned long long)cycle_, bad, vl_bit(top_->wl_o, bad), wl_want[bad]);
            });
        }
        if (top_->out_valid_o && top_->out_ready_i) {
            check_output(t, vs[received]);
            received++;
        }
        bool accept = offer && top_->in_ready_o;
        edge();
        if (accept) {
            tally_.check(!in_flight, [&] { std::printf("  cycle %llu: second vector accepted in flight\n", (unsigned long long)cycle_); });
            const Vector &v = vs[sent];
            int s = 0;
            for (int r = 0; r < t.n; r++)
                s += v.a[r] > 0;
            bool flip = BINSPARX && model::activation_flip(s, t.n);
            for (int r = 0; r < N; r++)
                wl_want[r] = r < t.n ? ((v.a[r] > 0) != flip) : 0;
            if (analog_) {
                std::uniform_real_distribution<double> unit(0.0, 1.0);
                for (int c = 0; c < M; c++) {
                    int ps = 0;
                    for (int r = 0; r < N; r++)
                        ps += wl_want[r] & t.stored[r][c];
                    offset_[c] = -(ps + 1.0) + unit(rng_) * (ps + 1.0 + (1 << B));
                }
            }
            accept_cycle = cycle_;
            in_flight = true;
            sent++;
        }
        bool out_rises = in_flight && top_->out_valid_o;
        if (out_rises) {
            uint64_t latency = cycle_ - accept_cycle;
            tally_.check(latency == LATENCY, [&] {
                std::printf("  latency %llu cycles, want %d (formula)\n", (unsigned long long)latency, LATENCY);
            });
            in_flight = false;
        }
    }
}

int Bench::run(unsigned seed)
{
    rng_.seed(seed);
    reset();
    const int tiles = 12, per_tile = 150;
    for (int i = 0; i < tiles; i++) {
        int n = i == 0 ? N : i == 1 ? 1 : i == 2 ? N - 1 : 1 + static_cast<int>(rng_() % N);
        Tile t = random_tile(n);
        std::vector<Vector> vs;
        vs.push_back(random_vector(n, n));      // all +1
        vs.push_back(random_vector(n, 0));      // all -1
        vs.push_back(random_vector(n, n / 2));  // tie (even n) / just below half
        vs.push_back(random_vector(n, (n + 1) / 2));
        for (int j = 0; j < per_tile; j++)
            vs.push_back(random_vector(n, -1));
        program(t);
        stream(t, vs);
    }
    // Directed clips: a column whose stored bits equal the applied vector.
    // Baseline: all +1 inputs and weights (ps = n = N); BinSparX: n/2 ones
    // and w = -a (stored after the column flip as +a), ps = n/2.
    Tile t = random_tile(N);
    Vector v = random_vector(N, BINSPARX ? N / 2 : N);
    for (int r = 0; r < N; r++)
        t.w[r][0] = BINSPARX ? -v.a[r] : v.a[r];
    store_column(t, 0);
    program(t);
    uint64_t before = tally_.fail;
    stream(t, {v});
    tally_.check(vl_bit(top_->out_clip_o, 0) == 1 && tally_.fail == before,
                 [&] { std::printf("  directed clip case: clip %u, want 1\n", vl_bit(top_->out_clip_o, 0)); });

    analog_ = true;
    offset_.assign(M, 0.0);
    for (int i = 0; i < 3; i++) {
        int n = i == 0 ? N : 1 + static_cast<int>(rng_() % N);
        Tile at = random_tile(n);
        std::vector<Vector> vs;
        for (int j = 0; j < 100; j++)
            vs.push_back(random_vector(n, -1));
        program(at);
        stream(at, vs);
    }
    return tally_.finish();
}

} // namespace

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    unsigned seed = argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 1u;
    Bench bench;
    return bench.run(seed);
}
