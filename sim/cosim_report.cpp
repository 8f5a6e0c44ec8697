/* Printing the co-simulation report (see cosim_report.h). */
#include "cosim_report.h"

#include <string>

#include "energy_report.h"

void print_cosim_report(std::FILE *to, const CosimOptions &o, const CosimJob &job,
                        const Scoreboard &sb, const RunResult &run, uint64_t layer_mismatches)
{
    const StreamStats &s = run.stream;
    const double ns = o.clock_ps / 1000.0;
    const double lat_mean = s.vectors ? (double)s.latency_sum / (double)s.vectors : 0.0;
    const double per_cycle = s.stream_cycles ? (double)s.vectors / (double)s.stream_cycles : 0.0;
    const double cps = run.wall_seconds > 0 ? (double)s.cycles / run.wall_seconds : 0.0;
    const double vps = run.wall_seconds > 0 ? (double)s.vectors / run.wall_seconds : 0.0;
    const size_t tiles = bsx_layer_row_tiles(job.layer()) * bsx_layer_col_tiles(job.layer());
    const bsx_macro_config &cfg = job.config();
    const bool exact = !(sb.mismatches() || sb.clip_mismatches() || sb.flip_mismatches() || layer_mismatches);
    char name[128];
    bsx_rtl_config_name(&o.config, name, sizeof name);
    if (o.json) {
        const std::string energy = energy_json(job, run);
        std::fprintf(to,
                     "{\"configuration\": \"%s\", \"array_rows\": %d, \"array_cols\": %d, "
                     "\"tree_stages\": %d, \"settle\": %d, \"out_bits\": %d, "
                     "\"scheme\": \"%s\", \"adcs\": %d, \"adc_bits\": %d, \"mode\": \"%s\", "
                     "\"batch\": %zu, \"rows\": %zu, \"cols\": %zu, \"tiles\": %zu, "
                     "\"clock_ps\": %d, \"words_checked\": %llu, \"word_mismatches\": %llu, "
                     "\"clip_flag_mismatches\": %llu, \"flip_mismatches\": %llu, "
                     "\"layer_mismatches\": %llu, "
                     "\"clips\": %llu, \"reference_clips\": %llu, \"activation_flips\": %llu, "
                     "\"latency_cycles_min\": %llu, \"latency_cycles_max\": %llu, "
                     "\"latency_cycles_mean\": %.3f, \"latency_ns_mean\": %.3f, "
                     "\"vectors_per_cycle\": %.6f, \"cycles\": %llu, \"config_cycles\": %llu, "
                     "\"stream_cycles\": %llu, \"vectors\": %llu, \"analog_solves\": %llu, "
                     "\"wall_seconds\": %.6f, \"cycles_per_second\": %.1f, "
                     "\"vectors_per_second\": %.1f, \"energy\": %s, \"result\": \"%s\"}\n",
                     name, cfg.rows, cfg.cols, o.config.tree_stages, o.config.settle,
                     o.config.out_bits, bsx_scheme_name(cfg.scheme), cfg.adcs, cfg.adc_bits,
                     job.mode_name().c_str(), job.batch(), job.in_rows(), job.out_cols(), tiles, o.clock_ps,
                     (unsigned long long)sb.words(), (unsigned long long)sb.mismatches(),
                     (unsigned long long)sb.clip_mismatches(),
                     (unsigned long long)sb.flip_mismatches(),
                     (unsigned long long)layer_mismatches, (unsigned long long)sb.clips(),
                     (unsigned long long)job.reference_stats().clipped_codes,
                     (unsigned long long)sb.activation_flips(),
                     (unsigned long long)s.latency_min, (unsigned long long)s.latency_max,
                     lat_mean, lat_mean * ns, per_cycle, (unsigned long long)s.cycles,
                     (unsigned long long)s.config_cycles, (unsigned long long)s.stream_cycles,
                     (unsigned long long)s.vectors, (unsigned long long)run.solves,
                     run.wall_seconds, cps, vps, energy.c_str(), exact ? "PASS" : "FAIL");
        return;
    }
    std::fprintf(to, "co-simulation: %s, K = %d ADCs of %d bits, %s, clock %d ps\n",
                 bsx_scheme_name(cfg.scheme), cfg.adcs, cfg.adc_bits, job.mode_name().c_str(),
                 o.clock_ps);
    std::fprintf(to, "  configuration    %s (TREE_STAGES %d, SETTLE %d, OW %d)\n", name,
                 o.config.tree_stages, o.config.settle, o.config.out_bits);
    std::fprintf(to, "  layer            %zu x %zu weights, %zu input vectors, %zu tile(s) of %d x %d\n",
                 job.in_rows(), job.out_cols(), job.batch(), tiles, cfg.rows, cfg.cols);
    std::fprintf(to, "  words checked    %llu, mismatches %llu (clip flags %llu, activation flips %llu)\n",
                 (unsigned long long)sb.words(), (unsigned long long)sb.mismatches(),
                 (unsigned long long)sb.clip_mismatches(), (unsigned long long)sb.flip_mismatches());
    std::fprintf(to, "  layer vs vmm     %llu of %zu outputs differ from the reference VMM\n",
                 (unsigned long long)layer_mismatches, job.batch() * job.out_cols());
    std::fprintf(to, "  clips            %llu clipped codes (reference %llu), %llu activation flips\n",
                 (unsigned long long)sb.clips(),
                 (unsigned long long)job.reference_stats().clipped_codes,
                 (unsigned long long)sb.activation_flips());
    std::fprintf(to, "  latency          %llu..%llu cycles, mean %.2f = %.2f ns per vector and tile\n",
                 (unsigned long long)s.latency_min, (unsigned long long)s.latency_max, lat_mean,
                 lat_mean * ns);
    std::fprintf(to, "  throughput       %.4f vectors/cycle streaming = %.1f M vectors/s at this clock\n",
                 per_cycle, per_cycle * 1e6 / o.clock_ps);
    std::fprintf(to, "  cycles           %llu (config %llu, streaming %llu), %llu analog solves\n",
                 (unsigned long long)s.cycles, (unsigned long long)s.config_cycles,
                 (unsigned long long)s.stream_cycles, (unsigned long long)run.solves);
    print_energy_text(to, job, run);
    std::fprintf(to, "  speed            %.3f s wall, %.0f cycles/s, %.0f vectors/s\n",
                 run.wall_seconds, cps, vps);
}
