/* ComparatorBank, the SystemC module of the analog side of the macro as the
 * RTL sees it: the crossbar holding the current tile's stored bits and the
 * K SAR comparators. The currents come from a TileCurrentCache
 * (tile_current_cache.h: every column and the dummy solved once per
 * word-line pattern); whenever the word lines or an ADC's column or trial
 * code change it answers that ADC's keep bit with the shared decision rule
 * bsx_adc_keep (models/adc.h): keep = I >= (trial - 0.5) I_LSB.
 * Combinational in SystemC terms: the answer is ready within the cycle the
 * RTL presents the trial code. A template over the port widths
 * (macro_geometry.h): K ADCs of B bits on an N x M array. */
#ifndef BSX_SIM_COMPARATOR_BANK_H
#define BSX_SIM_COMPARATOR_BANK_H

#include <string>
#include <vector>

#include <systemc>

#include "tile_current_cache.h"
#include "sc_bits.h"

extern "C" {
#include "adc.h"
}

template <class G>
class ComparatorBank : public sc_core::sc_module {
public:
    sc_core::sc_in<sc_dt::sc_bv<G::N>> wl_i;                  /* word lines, row r = bit r */
    sc_core::sc_in<sc_dt::sc_bv<G::K * G::CW>> adc_col_i;     /* column of ADC k */
    sc_core::sc_in<sc_dt::sc_bv<G::K * G::B>> adc_trial_i;    /* trial code of ADC k */
    sc_core::sc_out<sc_dt::sc_bv<G::K>> adc_keep_o;           /* comparator of ADC k */

    SC_HAS_PROCESS(ComparatorBank);
    ComparatorBank(sc_core::sc_module_name name, TileCurrentCache &currents)
        : sc_core::sc_module(name), currents_(currents), wl_(G::N)
    {
        SC_METHOD(compare);
        sensitive << wl_i << adc_col_i << adc_trial_i;
        dont_initialize();
    }

    /* Loads the stored bits of a tile (between tiles, with the macro idle). */
    void set_tile(const bsx_tile *tile) { currents_.set_tile(tile); }
    /* Non-empty after a failed solve (the simulation is then stopped). */
    const std::string &error() const { return error_; }

private:
    void compare()
    {
        unpack_bits(wl_i.read(), wl_.data(), G::N);
        if (currents_.apply(wl_.data(), error_) != 0) {
            sc_core::sc_stop();
            return;
        }
        const sc_dt::sc_bv<G::K * G::CW> cols = adc_col_i.read();
        const sc_dt::sc_bv<G::K * G::B> trials = adc_trial_i.read();
        sc_dt::sc_bv<G::K> keep;
        for (int k = 0; k < G::K; ++k) {
            unsigned col = (unsigned)bv_field(cols, k * G::CW, G::CW);
            unsigned trial = (unsigned)bv_field(trials, k * G::B, G::B);
            keep[k] = bsx_adc_keep(currents_.net((int)col), trial, currents_.i_lsb()) != 0;
        }
        adc_keep_o.write(keep);
    }

    TileCurrentCache &currents_;
    std::vector<unsigned char> wl_; /* scratch: the word lines as 0/1 bytes */
    std::string error_;
};

#endif
