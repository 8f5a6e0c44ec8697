// Bench of bsx_sar_ctrl at B = P_B. Three comparators answer keep_i:
//   1. a true code: keep = (true_code >= trial), for every true code;
//   2. every threshold: the current exactly at (c - 0.5) I_LSB and one ulp
//      below it, for every c, through models/adc.h's bsx_adc_keep;
//   3. a sweep of real currents from -1 to 2^B + 2 LSB (I_LSB = 1.3 uA),
//      through bsx_adc_keep, against bsx_adc_convert and the closed form
//      clamp(floor(I / I_LSB + 0.5), 0, 2^B - 1).
// Every conversion is also checked cycle by cycle: one sample cycle, B bit
// cycles with busy_o and the MSB-first trial codes, last_o on the LSB, one
// done cycle; half of the conversions start back to back in the done cycle.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>

#include "Vbsx_sar_ctrl.h"
#include "verilated.h"

extern "C" {
#include "adc.h"
}
#include "vl_bits.h"

namespace {

constexpr int B = P_B;
constexpr unsigned TOP = (1u << B) - 1u;

class Bench {
  public:
    Bench() : top_(&ctx_, "bsx_sar_ctrl"), tally_("tb_sar_ctrl_conversions[" P_LABEL "]")
    {
        top_.rst_ni = 0;
        top_.sample_i = 0;
        top_.keep_i = 0;
        edge();
        top_.rst_ni = 1;
        top_.eval();
    }
    ~Bench() { top_.final(); }

    // One conversion with the comparator `keep(trial)`; `want` is the code it
    // must give. back_to_back: the sample cycle is the previous done cycle.
    void convert(const std::function<bool(unsigned)> &keep, unsigned want, bool back_to_back);
    const Tally &tally() const { return tally_; }

  private:
    VerilatedContext ctx_;
    Vbsx_sar_ctrl top_;
    Tally tally_;
    bool in_done_ = false;  // the current cycle is a done cycle

    void edge() { vl_clock_edge(top_); }
};

void Bench::convert(const std::function<bool(unsigned)> &keep, unsigned want, bool back_to_back)
{
    if (in_done_ && !back_to_back) {  // let the done cycle pass idle
        top_.sample_i = 0;
        top_.eval();
        edge();
        tally_.check(!top_.done_o && !top_.busy_o, [&] { std::printf("  after an idle done cycle: done %d busy %d, want 0 0\n", top_.done_o, top_.busy_o); });
    }
    top_.sample_i = 1;  // sample cycle
    top_.keep_i = 0;
    top_.eval();
    edge();
    top_.sample_i = 0;
    unsigned code = 0;
    for (int bit = B - 1; bit >= 0; bit--) {
        unsigned trial = code | (1u << bit);
        bool k = keep(static_cast<unsigned>(top_.trial_o));
        top_.keep_i = k;
        top_.eval();
        tally_.check(top_.busy_o && top_.trial_o == trial && top_.last_o == (bit == 0) && !top_.done_o, [&] {
            std::printf("  bit %d: busy %d last %d done %d trial %u, want trial %u\n", bit, top_.busy_o,
                        top_.last_o, top_.done_o, (unsigned)top_.trial_o, trial);
        });
        if (k)
            code = trial;
        edge();
    }
    top_.keep_i = 0;
    top_.eval();
    tally_.check(top_.done_o && !top_.busy_o && top_.code_o == want && code == want, [&] {
        std::printf("  done %d busy %d code %u (bench %u), want done 1 busy 0 code %u\n", top_.done_o, top_.busy_o,
                    (unsigned)top_.code_o, code, want);
    });
    in_done_ = true;
}

unsigned closed_form(double current, double i_lsb)
{
    double code = std::floor(current / i_lsb + 0.5);
    return code < 0.0 ? 0u : code > TOP ? TOP : static_cast<unsigned>(code);
}

} // namespace

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    Bench bench;
    unsigned count = 0;

    // 1. every true code
    for (unsigned truth = 0; truth <= TOP; truth++)
        bench.convert([&](unsigned trial) { return truth >= trial; }, truth, (count++ & 1u) != 0);

    // 2. every threshold of the shared rule, exactly at it and one ulp below
    const double i_lsb = 1.3e-6;
    for (unsigned c = 0; c <= TOP + 1; c++) {
        double at = (static_cast<double>(c) - 0.5) * i_lsb;
        for (double current : {at, std::nextafter(at, -1.0)}) {
            unsigned want = bsx_adc_convert(current, B, i_lsb);
            bench.convert([&](unsigned trial) { return bsx_adc_keep(current, trial, i_lsb) != 0; }, want,
                          (count++ & 1u) != 0);
        }
    }

    // 3. a sweep of currents; the shared rule must equal the closed form
    Tally rule("tb_sar_ctrl_rule[" P_LABEL "]");
    for (int step = -100; step <= static_cast<int>(TOP + 2) * 100; step++) {
        double current = (step * 0.01 + 0.003) * i_lsb;  // never on a threshold
        unsigned want = bsx_adc_convert(current, B, i_lsb);
        rule.check(want == closed_form(current, i_lsb), [&] { std::printf("  I %g: rule %u, closed form %u\n", current, want, closed_form(current, i_lsb)); });
        bench.convert([&](unsigned trial) { return bsx_adc_keep(current, trial, i_lsb) != 0; }, want,
                      (count++ & 1u) != 0);
    }
    return finish_all("tb_sar_ctrl[" P_LABEL "]", {&bench.tally(), &rule});
}
