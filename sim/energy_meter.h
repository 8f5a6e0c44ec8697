/* Counts, once per clock cycle, what the analog side's energy is made of
 * (docs/energy-area.md): the integral of the array's read current (every
 * column and the dummy, from the same solves the comparators use) while any
 * word line is on, word-line toggles, bitline charge events (the array
 * turning on or off) and ADC conversions (rising edges of adc_busy). The
 * energies are these counts times models/array_energy.h. A template over
 * the port widths (macro_geometry.h). */
#ifndef BSX_SIM_ENERGY_METER_H
#define BSX_SIM_ENERGY_METER_H

#include <cstdint>
#include <string>

#include <systemc>

#include "tile_current_cache.h"
#include "cosim_result.h"
#include "sc_bits.h"


template <class G>
class EnergyMeter : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> clk_i;
    sc_core::sc_in<sc_dt::sc_bv<G::N>> wl_i;
    sc_core::sc_in<sc_dt::sc_bv<G::K>> adc_busy_i;

    SC_HAS_PROCESS(EnergyMeter);
    EnergyMeter(sc_core::sc_module_name name, TileCurrentCache &currents, double period_s)
        : sc_core::sc_module(name), currents_(currents), period_s_(period_s)
    {
        SC_METHOD(sample);
        sensitive << clk_i.pos();
        dont_initialize();
    }

    const EnergyCounts &counts() const { return counts_; }
    /* Non-empty after a failed solve (the simulation is then stopped). */
    const std::string &error() const { return error_; }

private:
    /* The values of the cycle that this edge ends. */
    void sample()
    {
        unsigned char wl[G::N];
        unpack_bits(wl_i.read(), wl, G::N);
        bool on = false;
        for (int r = 0; r < G::N; ++r) {
            counts_.wl_toggles += wl[r] != last_wl_[r];
            last_wl_[r] = wl[r];
            on = on || wl[r];
        }
        counts_.bl_toggles += on != last_on_;
        last_on_ = on;
        if (on) {
            if (currents_.apply(wl, error_) != 0) {
                sc_core::sc_stop();
                return;
            }
            ++counts_.wl_on_cycles;
            counts_.current_seconds += currents_.total() * period_s_;
        }
        const sc_dt::sc_bv<G::K> busy = adc_busy_i.read();
        for (int k = 0; k < G::K; ++k) {
            const bool b = busy[k].to_bool();
            counts_.conversions += b && !last_busy_[k];
            last_busy_[k] = b;
        }
        ++counts_.cycles;
    }

    TileCurrentCache &currents_;
    double period_s_;
    EnergyCounts counts_;
    unsigned char last_wl_[G::N] = {};
    bool last_on_ = false;
    bool last_busy_[G::K] = {};
    std::string error_;
};

#endif
