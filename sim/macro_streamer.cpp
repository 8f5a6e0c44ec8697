/* Stimulus and output collection around the verilated macro (see
 * macro_streamer.h). Both threads run on the rising clock edge and read the
 * macro's outputs as they were just before the edge, which is what the
 * macro's own registers see: a transfer happens at an edge where valid and
 * ready were both 1. */
#include "macro_streamer.h"

#include "sc_bits.h"

MacroStreamer::MacroStreamer(sc_core::sc_module_name name, const CosimJob &job,
                             Scoreboard &scoreboard,
                             std::function<void(const bsx_tile *)> set_tile,
                             uint64_t max_cycles, sc_core::sc_time period)
    : sc_core::sc_module(name), job_(job), scoreboard_(scoreboard),
      set_tile_(std::move(set_tile)), max_cycles_(max_cycles), period_(period)
{
    SC_THREAD(feed);
    SC_THREAD(collect);
}

uint64_t MacroStreamer::edge() const
{
    return (uint64_t)(sc_core::sc_time_stamp() / period_ + 0.5);
}

void MacroStreamer::wait_edge() { sc_core::wait(clk_i.posedge_event()); }

void MacroStreamer::feed()
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
            cfg_rows_o.write(sc_dt::sc_bv<kRowsBits>((unsigned)tile->n_used));
            for (int c = 0; c < kCols; ++c) {
                cfg_we_o.write(true);
                cfg_col_o.write(sc_dt::sc_bv<kColBits>((unsigned)c));
                cfg_col_flip_o.write(tile->column_flip[c] != 0);
                cfg_wsum_o.write(sc_dt::sc_bv<kRowsBits>((unsigned)tile->stored_ones[c]));
                wait_edge();
            }
            cfg_we_o.write(false);
            stats_.config_cycles += edge() - cfg_start;
            tile_start_ = edge();
            for (size_t b = 0; b < job_.batch(); ++b) {
                const int8_t *a = job_.input(b, rt * kRows);
                sc_dt::sc_bv<kRows> act;
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
            in_act_o.write(sc_dt::sc_bv<kRows>());
        }
    }
    while (!pending_.empty())
        sc_core::wait(drained_);
    stats_.cycles = edge();
    sc_core::sc_stop();
}

void MacroStreamer::collect()
{
    int32_t words[kCols];
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
        const sc_dt::sc_bv<kCols * kOutBits> data = out_data_i.read();
        for (int c = 0; c < kCols; ++c) {
            uint64_t raw = bv_field(data, c * kOutBits, kOutBits);
            words[c] = (int32_t)(raw ^ (1u << (kOutBits - 1))) - (1 << (kOutBits - 1));
        }
        uint64_t clip = bv_field(out_clip_i.read(), 0, kCols);
        if (scoreboard_.check(p.rt, p.ct, p.b, words, clip, out_act_flip_i.read(), error_) != 0) {
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
