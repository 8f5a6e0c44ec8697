/* The testbench around the verilated macro: resets it, and for every tile of
 * the layer (row tiles x column tiles) loads the tile's configuration through
 * the config port (rows in use, column_flip and stored sum(W') per column,
 * one column per cycle), hands the tile's stored bits to the analog array,
 * then streams every input vector's sub-vector (I' bits, rows >= n at 0)
 * through the valid/ready port as fast as the macro accepts them. A second
 * thread takes every output vector (out_ready held high), measures its
 * latency (clock edges from the input handshake to the edge that raises
 * out_valid, the RTL's own definition) and hands it to the scoreboard.
 * Tiles change only when the macro is empty. Both threads run on the rising
 * clock edge and read the macro's outputs as they were just before the edge,
 * which is what the macro's own registers see: a transfer happens at an edge
 * where valid and ready were both 1. A template over the port widths
 * (macro_geometry.h). */
#ifndef BSX_SIM_MACRO_STREAMER_H
#define BSX_SIM_MACRO_STREAMER_H

#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include <systemc>

#include <vector>

#include "cosim_job.h"
#include "cosim_result.h"
#include "sc_bits.h"
#include "scoreboard.h"


template <class G>
class MacroStreamer : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> clk_i;
    sc_core::sc_out<bool> rst_no;
    sc_core::sc_out<sc_dt::sc_bv<G::SW>> cfg_rows_o;
    sc_core::sc_out<bool> cfg_we_o;
    sc_core::sc_out<sc_dt::sc_bv<G::CW>> cfg_col_o;
    sc_core::sc_out<bool> cfg_col_flip_o;
    sc_core::sc_out<sc_dt::sc_bv<G::SW>> cfg_wsum_o;
    sc_core::sc_out<bool> in_valid_o;
    sc_core::sc_in<bool> in_ready_i;
    sc_core::sc_out<sc_dt::sc_bv<G::N>> in_act_o;
    sc_core::sc_in<bool> out_valid_i;
    sc_core::sc_out<bool> out_ready_o;
    sc_core::sc_in<sc_dt::sc_bv<G::M * G::OW>> out_data_i;
    sc_core::sc_in<sc_dt::sc_bv<G::M>> out_clip_i;
    sc_core::sc_in<bool> out_act_flip_i;

    /* set_tile: called with each tile before its vectors (the analog array).
     * max_cycles: stop with hung set after this many edges. */
    SC_HAS_PROCESS(MacroStreamer);
    MacroStreamer(sc_core::sc_module_name name, const CosimJob &job, Scoreboard &scoreboard,
                  std::function<void(const bsx_tile *)> set_tile, uint64_t max_cycles,
                  sc_core::sc_time period)
        : sc_core::sc_module(name), job_(job), scoreboard_(scoreboard),
          set_tile_(std::move(set_tile)), max_cycles_(max_cycles), period_(period)
    {
        SC_THREAD(feed);
        SC_THREAD(collect);
    }

    const StreamStats &stats() const { return stats_; }
    /* Non-empty when the scoreboard's reference failed. */
    const std::string &error() const { return error_; }

private:
    uint64_t edge() const
    {
        return (uint64_t)(sc_core::sc_time_stamp() / period_ + 0.5);
    }

    void wait_edge() { sc_core::wait(clk_i.posedge_event()); }

    void feed()
    {
        rst_no.write(false);
        cfg_we_o.write(false);
        in_valid_o.write(false);
        out_ready_o.write(true);
        for (int i = 0; i < 3; ++i)
            wait_edge();
        rst_no.write(true);
        wait_edge();

        const bsx_layer *layer = job_.layer();
        for (size_t ct = 0; ct < bsx_layer_col_tiles(layer); ++ct) {
            for (size_t rt = 0; rt < bsx_layer_row_tiles(layer); ++rt) {
                const bsx_tile *tile = bsx_layer_tile(layer, rt, ct);
                while (!pending_.empty())
                    sc_core::wait(drained_);
                set_tile_(tile);
                uint64_t cfg_start = edge();
                cfg_rows_o.write(sc_dt::sc_bv<G::SW>((unsigned)tile->n_used));
                for (int c = 0; c < G::M; ++c) {
                    cfg_we_o.write(true);
                    cfg_col_o.write(sc_dt::sc_bv<G::CW>((unsigned)c));
                    cfg_col_flip_o.write(tile->column_flip[c] != 0);
                    cfg_wsum_o.write(sc_dt::sc_bv<G::SW>((unsigned)tile->stored_ones[c]));
                    wait_edge();
                }
                cfg_we_o.write(false);
                stats_.config_cycles += edge() - cfg_start;
                tile_start_ = edge();
                for (size_t b = 0; b < job_.batch(); ++b) {
                    const int8_t *a = job_.input(b, rt * (size_t)G::N);
                    sc_dt::sc_bv<G::N> act;
                    for (int r = 0; r < tile->n_used; ++r)
                        act[r] = a[r] > 0;
                    in_act_o.write(act);
                    in_valid_o.write(true);
                    do
                        wait_edge();
                    while (!in_ready_i.read());
                    pending_.push_back({rt, ct, b, edge()});
                }
                in_valid_o.write(false);
                in_act_o.write(sc_dt::sc_bv<G::N>());
            }
        }
        while (!pending_.empty())
            sc_core::wait(drained_);
        stats_.cycles = edge();
        sc_core::sc_stop();
    }

    void collect()
    {
        std::vector<int32_t> words(G::M);
        std::vector<unsigned char> clip(G::M);
        for (;;) {
            wait_edge();
            if (edge() >= max_cycles_) {
                stats_.hung = true;
                stats_.cycles = edge();
                sc_core::sc_stop();
                return;
            }
            if (!out_valid_i.read())
                continue;
            if (pending_.empty()) {
                error_ = "the macro produced an output vector nobody asked for";
                sc_core::sc_stop();
                return;
            }
            Pending p = pending_.front();
            pending_.pop_front();
            const sc_dt::sc_bv<G::M * G::OW> data = out_data_i.read();
            for (int c = 0; c < G::M; ++c) {
                int64_t raw = (int64_t)bv_field(data, c * G::OW, G::OW);
                words[c] = (int32_t)((raw ^ (1LL << (G::OW - 1))) - (1LL << (G::OW - 1)));
            }
            unpack_bits(out_clip_i.read(), clip.data(), G::M);
            if (scoreboard_.check(p.rt, p.ct, p.b, words.data(), clip.data(), out_act_flip_i.read(),
                                  error_) != 0) {
                sc_core::sc_stop();
                return;
            }
            /* out_valid rose one edge before this handshake (out_ready is high) */
            uint64_t latency = edge() - 1 - p.accepted;
            if (stats_.vectors == 0 || latency < stats_.latency_min)
                stats_.latency_min = latency;
            if (latency > stats_.latency_max)
                stats_.latency_max = latency;
            stats_.latency_sum += latency;
            ++stats_.vectors;
            if (p.b + 1 == job_.batch())
                stats_.stream_cycles += edge() - tile_start_;
            if (pending_.empty())
                drained_.notify(sc_core::SC_ZERO_TIME);
        }
    }

    struct Pending {
        size_t rt, ct, b;
        uint64_t accepted; /* edge of the input handshake */
    };
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
