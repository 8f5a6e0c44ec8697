// The digital macro around one N x M crossbar: input register, adder tree,
// n/2 comparator, row XOR flip, sum-select mux, per-column configuration, a
// bank of K SAR ADC controllers (the comparators are analog, outside the
// RTL), post-processing with equation (1) and the sign correction, and
// valid/ready streams in and out. SCHEME selects the baseline (NAND-Net, no
// flips) or BinSparX (docs/design.md sections 2 and 4). One vector is in flight.
//
// Schedule. Cycle 0 is the cycle after the clock edge that accepts a vector
// (in_valid_i && in_ready_o); "edge c" ends cycle c-1. T = TREE_STAGES,
// R = M/K rounds of ADC conversions, each a sample cycle plus B bit cycles.
//
//   baseline  edge 0      act_q loads; the word lines are act_q (rows < n)
//             cycles 0..SETTLE-1   the array settles
//             edge T+1    adder tree result (in parallel) -> s register
//   binsparx  edge 0      act_q loads
//             cycles 0..T adder tree (T pipeline registers inside)
//             edge T+1    compare -> flip -> word-line register, s and
//                         activation_flip registers; the word lines change
//             cycles T+1..T+SETTLE  the array settles
//   both      edge T+2    base = n - 2*s_used register (sum-select mux)
//             every edge  per ADC: its column's sum(W') and column_flip for
//                         the round converting (column mux), then the
//                         code-free part of (1) and the sign (bsx_post_offset)
//   both      W = 0 (baseline) or T+1 (binsparx): edge at which the word
//             lines change
//             cycle  W+SETTLE+r*(B+1)   round r samples (ADC k: column r*K+k)
//             cycles ... +1 .. +B       round r decides bits B-1 .. 0,
//                                       adc_busy_o high, adc_trial_o valid,
//                                       adc_keep_i sampled at each edge
//             cycle  W+SETTLE+(r+1)*(B+1)  round r's codes post-processed
//                                       into the output register
//             edge   W+SETTLE+R*(B+1)+1    out_valid_o rises
//
// Latency, edge of acceptance to the edge where out_valid_o rises:
//   baseline  L = SETTLE + (M/K)*(B+1) + 1
//   binsparx  L = TREE_STAGES + 1 + SETTLE + (M/K)*(B+1) + 1
// A new vector is accepted in the cycle its predecessor's output is taken
// (in_ready_o = idle && (!out_valid_o || out_ready_i)), at the earliest at
// edge L+1, so when streaming with out_ready_i high the macro takes one
// vector every L+1 cycles. Reset (rst_ni) is synchronous.
// The word lines stay constant from their change until the next vector's
// change, so the analog array is solved once per vector.
//
// OW, the result width, must hold equation (1) for every B-bit code; the
// rule is stated once in the RTL, in bsx_post_process (elaboration check),
// and once in C, bsx_rtl_min_out_bits (src/rtl_config.c), which gives every
// flow its OW; `make lint` checks that the two agree. For N = 64: 10 bits
// with B = 6, 9 bits with B = 5. It may be set wider.
`default_nettype none

// The defaults are the default macro of src/macro_defaults.h (`bsxsim config
// --params`); `make lint` fails when they differ. Every flow (Verilator,
// Yosys, OpenSTA, the co-simulation, the benches) passes all parameters,
// resolved and checked by `bsxsim config --params` (src/rtl_config.c).
module bsx_macro #(
  parameter int SCHEME      = 1,                 // 0 baseline, 1 binsparx
  parameter int N           = 64,                // rows (>= 4)
  parameter int M           = 64,                // columns (>= 2)
  parameter int K           = 8,                 // ADCs, K divides M
  parameter int B           = 5,                 // ADC bits, 1..$clog2(N+1)
  parameter int TREE_STAGES = 2,                 // adder-tree pipeline registers, 0..$clog2(N)-1
  parameter int SETTLE      = 1,                 // cycles the array needs after the word lines change
  parameter int OW          = 9                  // result width, >= bsx_post_process's minimum
) (
  input  logic                     clk_i,          // clock
  input  logic                     rst_ni,         // synchronous reset, active low
  // configuration, static while vectors stream
  input  logic [$clog2(N+1)-1:0]   cfg_rows_i,     // n, rows in use (1..N)
  input  logic                     cfg_we_i,       // write one column's configuration
  input  logic [$clog2(M)-1:0]     cfg_col_i,      // the column
  input  logic                     cfg_col_flip_i, // its column_flip (ignored by the baseline)
  input  logic [$clog2(N+1)-1:0]   cfg_wsum_i,     // its stored sum(W')
  // input vectors
  input  logic                     in_valid_i,     // in_act_i holds a vector
  output logic                     in_ready_o,     // the macro takes it this cycle
  input  logic [N-1:0]             in_act_i,       // I' bits (1 = +1); rows >= n are 0
  // to and from the analog array
  output logic [N-1:0]             wl_o,           // word lines (after the flip)
  output logic [K*$clog2(M)-1:0]   adc_col_o,      // column each ADC looks at, ADC 0 in LSBs
  output logic [K*B-1:0]           adc_trial_o,    // each ADC's trial code this cycle
  output logic [K-1:0]             adc_busy_o,     // each ADC is comparing this cycle
  input  logic [K-1:0]             adc_keep_i,     // analog: I >= (trial - 0.5) I_LSB
  // output vectors
  output logic                     out_valid_o,    // out_* hold one vector's results
  input  logic                     out_ready_i,    // the consumer takes them this cycle
  output logic [M*OW-1:0]          out_data_o,     // M signed results, column 0 in LSBs
  output logic [M-1:0]             out_clip_o,     // the column's code was 2^B - 1
  output logic                     out_act_flip_o  // activation_flip of that vector (debug)
);
  localparam int  SW       = $clog2(N + 1);
  localparam int  ROUNDS   = M / K;
  localparam int  RW       = (ROUNDS > 1) ? $clog2(ROUNDS) : 1;
  localparam bit  BINSPARX = (SCHEME != 0);
  localparam int  CNTW     = $clog2(SETTLE + 1) > 0 ? $clog2(SETTLE + 1) : 1;
  localparam logic [CNTW-1:0] SETTLE_CYCLES = CNTW'(SETTLE);

  if (SCHEME != 0 && SCHEME != 1) begin : g_check_scheme
    $error("bsx_macro: SCHEME must be 0 (baseline) or 1 (binsparx)");
  end
  if (N < 4 || M < 2 || K < 1 || K > M || M % K != 0) begin : g_check_size
    $error("bsx_macro: need N >= 4, M >= 2, 1 <= K <= M, K dividing M");
  end
  if (B < 1 || B > SW) begin : g_check_b
    $error("bsx_macro: B must be in 1..$clog2(N+1)");
  end
  if (SETTLE < 0) begin : g_check_settle
    $error("bsx_macro: SETTLE must be >= 0");
  end
  if (SCHEME == 0 && TREE_STAGES + 2 > SETTLE + B) begin : g_check_tree
    $error("bsx_macro: baseline needs TREE_STAGES <= SETTLE + B - 2 (offsets ready for the first codes)");
  end

  // ---------------------------------------------------------------- control
  typedef enum logic [1:0] {
    StIdle    = 2'd0,   // waiting for a vector
    StTree    = 2'd1,   // binsparx: adder tree -> flip decision
    StSettle  = 2'd2,   // word lines changed, array settling
    StConvert = 2'd3    // ADC rounds
  } state_e;

  state_e            state_d, state_q;
  logic [CNTW-1:0]   settle_d, settle_q;   // settle cycles still to wait
  logic              accept;
  logic              adc_start;
  logic              tree_valid;           // adder tree output valid (cycle T)
  logic              code_valid, code_last;
  logic [RW-1:0]     code_round;
  logic [RW-1:0]     adc_round;
  logic [K*B-1:0]    codes;

  logic [N-1:0]      act_d, act_q;         // the accepted vector's I' bits
  logic [SW-1:0]     rows_d, rows_q;       // its n
  logic              act_new_d, act_new_q; // act_q loaded at the last edge
  logic [SW-1:0]     tree_sum;
  logic              act_flip;
  logic              act_flip_d, act_flip_q;
  logic [SW-1:0]     tree_sum_d, tree_sum_q;
  logic [SW-1:0]     sum_used;
  logic [OW-1:0]     base_d, base_q;       // n - 2*s_used
  logic [N-1:0]      wl_next;

  assign in_ready_o = (state_q == StIdle) && (!out_valid_o || out_ready_i);
  assign accept     = in_valid_i && in_ready_o;

  always_comb begin
    state_d   = state_q;
    settle_d  = settle_q;
    adc_start = 1'b0;
    unique case (state_q)
      StIdle: begin
        if (accept) begin
          state_d  = BINSPARX ? StTree : StSettle;
          settle_d = SETTLE_CYCLES;
        end
      end
      StTree: begin
        if (tree_valid) begin
          state_d  = StSettle;
          settle_d = SETTLE_CYCLES;
        end
      end
      StSettle: begin
        if (settle_q == '0) begin
          adc_start = 1'b1;
          state_d   = StConvert;
        end else begin
          settle_d = settle_q - CNTW'(1);
        end
      end
      StConvert: begin
        if (code_last) begin
          state_d = StIdle;
        end
      end
      default: state_d = StIdle;
    endcase
  end

  assign act_new_d = accept;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q   <= StIdle;
      settle_q  <= '0;
      act_new_q <= 1'b0;
    end else begin
      state_q   <= state_d;
      settle_q  <= settle_d;
      act_new_q <= act_new_d;
    end
  end

  // ------------------------------------------------------- input and rows
  always_comb begin
    act_d  = act_q;
    rows_d = rows_q;
    if (accept) begin
      act_d  = in_act_i;
      rows_d = cfg_rows_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      act_q  <= '0;
      rows_q <= '0;
    end else begin
      act_q  <= act_d;
      rows_q <= rows_d;
    end
  end

  // one decoder of the rows in use serves the tree and the word lines
  logic [N-1:0] row_mask;
  bsx_row_mask #(.N(N)) u_row_mask (.rows_i(rows_q), .mask_o(row_mask));

  bsx_adder_tree #(.N(N), .STAGES(TREE_STAGES)) u_tree (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .valid_i(act_new_q),
    .act_i  (act_q),
    .mask_i (row_mask),
    .valid_o(tree_valid),
    .sum_o  (tree_sum)
  );

  if (BINSPARX) begin : g_flip_path
    logic [N-1:0] wl_d, wl_q;
    bsx_half_compare #(.N(N)) u_compare (
      .sum_i (tree_sum),
      .rows_i(rows_q),
      .flip_o(act_flip)
    );
    // s_used is needed only by post-processing: selected after the register
    bsx_sum_select #(.N(N)) u_sum_select (
      .sum_i (tree_sum_q),
      .rows_i(rows_q),
      .flip_i(act_flip_q),
      .sum_o (sum_used)
    );
    bsx_row_flip #(.N(N)) u_row_flip (
      .act_i (act_q),
      .mask_i(row_mask),
      .flip_i(act_flip),
      .wl_o  (wl_next)
    );
    // the word lines change once per vector, when the flip is decided
    assign wl_d = tree_valid ? wl_next : wl_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        wl_q <= '0;
      end else begin
        wl_q <= wl_d;
      end
    end
    assign wl_o = wl_q;
  end else begin : g_no_flip
    // word lines straight from the input register (rows >= n held at 0)
    assign act_flip = 1'b0;
    assign sum_used = tree_sum_q;
    assign wl_next  = act_q & row_mask;
    assign wl_o     = wl_next;
  end

  always_comb begin
    act_flip_d = act_flip_q;
    tree_sum_d = tree_sum_q;
    if (tree_valid) begin
      act_flip_d = act_flip;
      tree_sum_d = tree_sum;
    end
  end

  assign base_d = {{(OW - SW){1'b0}}, rows_q} - {{(OW - SW - 1){1'b0}}, sum_used, 1'b0};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      act_flip_q <= 1'b0;
      tree_sum_q <= '0;
      base_q     <= '0;
    end else begin
      act_flip_q <= act_flip_d;
      tree_sum_q <= tree_sum_d;
      base_q     <= base_d;
    end
  end

  // ------------------------------------------------- column configuration
  logic [M-1:0]    col_flip;
  logic [M*SW-1:0] col_wsum;

  bsx_column_config #(.N(N), .M(M), .WITH_FLIP(SCHEME)) u_config (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .we_i  (cfg_we_i),
    .col_i (cfg_col_i),
    .flip_i(cfg_col_flip_i),
    .wsum_i(cfg_wsum_i),
    .flip_o(col_flip),
    .wsum_o(col_wsum)
  );

  // ------------------------------------------------------------ ADC bank
  bsx_adc_bank #(.M(M), .K(K), .B(B)) u_adc_bank (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .start_i     (adc_start),
    .keep_i      (adc_keep_i),
    .adc_col_o   (adc_col_o),
    .adc_trial_o (adc_trial_o),
    .adc_busy_o  (adc_busy_o),
    .round_o     (adc_round),
    .code_valid_o(code_valid),
    .code_last_o (code_last),
    .code_round_o(code_round),
    .codes_o     (codes)
  );

  // ----------------------------------------------------- post-processing
  // One lane per ADC (bsx_post_lane); ADC k's codes of round r belong to
  // column r*K + k, so lane k gets the configuration of those columns.
  logic [K*OW-1:0] result;
  logic [K-1:0]    clip;

  for (genvar k = 0; k < K; k++) begin : g_post
    logic [ROUNDS*SW-1:0] wsum_of_round;
    logic [ROUNDS-1:0]    flip_of_round;
    for (genvar r = 0; r < ROUNDS; r++) begin : g_round
      assign wsum_of_round[r*SW +: SW] = col_wsum[(r*K+k)*SW +: SW];
      assign flip_of_round[r]          = col_flip[r*K+k];
    end
    bsx_post_lane #(.N(N), .B(B), .OW(OW), .ROUNDS(ROUNDS)) u_lane (
      .clk_i     (clk_i),
      .rst_ni    (rst_ni),
      .round_i   (adc_round),
      .wsum_i    (wsum_of_round),
      .flip_i    (flip_of_round),
      .act_flip_i(act_flip_q),
      .base_i    (base_q),
      .code_i    (codes[k*B +: B]),
      .result_o  (result[k*OW +: OW]),
      .clip_o    (clip[k])
    );
  end

  // ------------------------------------------------------ output register
  logic out_valid_d, out_valid_q;
  logic out_act_flip_d, out_act_flip_q;

  // column c loads when its round's codes arrive
  for (genvar c = 0; c < M; c++) begin : g_out
    localparam logic [RW-1:0] ROUND = RW'(c / K);
    logic          load;
    logic [OW-1:0] data_d, data_q;
    logic          clip_d, clip_q;
    assign load   = code_valid && code_round == ROUND;
    assign data_d = load ? result[(c%K)*OW +: OW] : data_q;
    assign clip_d = load ? clip[c%K] : clip_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        data_q <= '0;
        clip_q <= 1'b0;
      end else begin
        data_q <= data_d;
        clip_q <= clip_d;
      end
    end
    assign out_data_o[c*OW +: OW] = data_q;
    assign out_clip_o[c]          = clip_q;
  end

  always_comb begin
    out_valid_d    = out_valid_q;
    out_act_flip_d = out_act_flip_q;
    if (code_last) begin
      out_valid_d    = 1'b1;
      out_act_flip_d = act_flip_q;
    end else if (out_ready_i) begin
      out_valid_d    = 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      out_valid_q    <= 1'b0;
      out_act_flip_q <= 1'b0;
    end else begin
      out_valid_q    <= out_valid_d;
      out_act_flip_q <= out_act_flip_d;
    end
  end

  assign out_valid_o    = out_valid_q;
  assign out_act_flip_o = out_act_flip_q;
endmodule

`default_nettype wire
