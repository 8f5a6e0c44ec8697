/* The testbench around the verilated macro: resets it, and for every tile of
 * the layer (row tiles x column tiles) loads the tile's configuration through
 * the config port (rows in use, column_flip and stored sum(W') per column,
 * one column per cycle), hands the tile's stored bits to the analog array,
 * then streams every input vector's sub-vector (I' bits, rows >= n at 0)
 * through the valid/ready port as fast as the macro accepts them. A second
 * thread takes every output vector (out_ready held high), measures its
 * latency (clock edges from the input handshake to the edge that raises
 * out_valid, the RTL's own definition) and hands it to the scoreboard. Tiles change only when the macro is empty. */
#ifndef BSX_SIM_MACRO_STREAMER_H
#define BSX_SIM_MACRO_STREAMER_H

#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include <systemc>

#include "cosim_job.h"
#include "scoreboard.h"

constexpr int kRowsBits = 7; /* $clog2(N + 1) */

struct StreamStats {
    uint64_t cycles = 0;          /* clock edges simulated */
    uint64_t vectors = 0;         /* output vectors received (batch x tiles) */
    uint64_t config_cycles = 0;   /* edges spent loading tile configurations */
    uint64_t stream_cycles = 0;   /* edges from each tile's first input to its last output */
    uint64_t latency_min = 0, latency_max = 0, latency_sum = 0; /* edges */
    bool hung = false;            /* --max-cycles reached */
};

class MacroStreamer : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> clk_i;
    sc_core::sc_out<bool> rst_no;
    sc_core::sc_out<sc_dt::sc_bv<kRowsBits>> cfg_rows_o;
    sc_core::sc_out<bool> cfg_we_o;
    sc_core::sc_out<sc_dt::sc_bv<kColBits>> cfg_col_o;
    sc_core::sc_out<bool> cfg_col_flip_o;
    sc_core::sc_out<sc_dt::sc_bv<kRowsBits>> cfg_wsum_o;
    sc_core::sc_out<bool> in_valid_o;
    sc_core::sc_in<bool> in_ready_i;
    sc_core::sc_out<sc_dt::sc_bv<kRows>> in_act_o;
    sc_core::sc_in<bool> out_valid_i;
    sc_core::sc_out<bool> out_ready_o;
    sc_core::sc_in<sc_dt::sc_bv<kCols * kOutBits>> out_data_i;
    sc_core::sc_in<sc_dt::sc_bv<kCols>> out_clip_i;
    sc_core::sc_in<bool> out_act_flip_i;

    /* set_tile: called with each tile before its vectors (the analog array).
     * max_cycles: stop with hung set after this many edges. */
    SC_HAS_PROCESS(MacroStreamer);
    MacroStreamer(sc_core::sc_module_name name, const CosimJob &job, Scoreboard &scoreboard,
                  std::function<void(const bsx_tile *)> set_tile, uint64_t max_cycles,
                  sc_core::sc_time period);

    const StreamStats &stats() const { return stats_; }
    /* Non-empty when the scoreboard's reference failed. */
    const std::string &error() const { return error_; }

private:
    struct Pending {
        size_t rt, ct, b;
        uint64_t accepted; /* edge of the input handshake */
    };
    void feed();
    void collect();
    uint64_t edge() const;
    void wait_edge();

    const CosimJob &job_;
    Scoreboard &scoreboard_;
    std::function<void(const bsx_tile *)> set_tile_;
    uint64_t max_cycles_;
    sc_core::sc_time period_;
    std::deque<Pending> pending_;
    sc_core::sc_event drained_;
    uint64_t tile_start_ = 0;
    StreamStats stats_;
    std::string error_;
};

#endif
