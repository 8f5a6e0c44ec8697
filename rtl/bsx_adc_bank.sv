// K SAR ADCs shared by M columns through a column mux (docs/design.md section 4):
// M/K rounds, and in round r ADC k converts column r*K + k. All ADCs run in
// lockstep; the next round's sample cycle overlaps the previous round's done
// cycle, so one vector takes (M/K)*(B+1) cycles from start_i to the last
// codes:
//
//   cycle  t: start_i, round 0 samples (adc_col_o shows round 0's columns)
//          t + r*(B+1) + 1 .. t + r*(B+1) + B: round r decides its bits
//          t + (r+1)*(B+1): codes_o of round r valid (code_valid_o,
//                           code_round_o = r), round r+1 samples
//   code_last_o marks the last round's codes, in cycle t + (M/K)*(B+1).
`default_nettype none

module bsx_adc_bank #(
  parameter int M = 64,                      // columns (>= 2)
  parameter int K = 8,                       // ADCs; K divides M
  parameter int B = 5                        // bits per ADC
) (
  input  logic                   clk_i,        // clock
  input  logic                   rst_ni,       // synchronous reset, active low
  input  logic                   start_i,      // round 0 samples this cycle (bank idle)
  input  logic [K-1:0]           keep_i,       // comparator decision of each ADC
  output logic [K*$clog2(M)-1:0] adc_col_o,    // column each ADC looks at, ADC 0 in LSBs
  output logic [K*B-1:0]         adc_trial_o,  // trial code of each ADC
  output logic [K-1:0]           adc_busy_o,   // each ADC decides a bit this cycle
  output logic [((M/K > 1) ? $clog2(M/K) : 1)-1:0] round_o,  // round being sampled / converted
  output logic                   code_valid_o, // codes_o holds one round's results
  output logic                   code_last_o,  // ... of the last round
  output logic [((M/K > 1) ? $clog2(M/K) : 1)-1:0] code_round_o, // round whose codes are on codes_o
  output logic [K*B-1:0]         codes_o       // ADC k's code is column round*K + k
);
  localparam int CW     = $clog2(M);
  localparam int ROUNDS = M / K;
  localparam int RW     = (ROUNDS > 1) ? $clog2(ROUNDS) : 1;
  localparam logic [RW-1:0] LAST_ROUND = RW'(ROUNDS - 1);
  localparam logic [CW-1:0] STEP       = CW'(K % M);  // column step per round (unused when ROUNDS = 1)

  if (M < 2 || K < 1 || K > M || M % K != 0) begin : g_check_mk
    $error("bsx_adc_bank: need M >= 2 and 1 <= K <= M with K dividing M");
  end

  logic [K-1:0] busy, last, done;
  logic         sample;
  logic         round_end;          // the LSB of the current round is decided this cycle

  logic [RW-1:0] round_d, round_q;            // round being sampled / converted
  logic [CW-1:0] base_d, base_q;              // round_q * K: first column of the round
  logic [RW-1:0] code_round_d, code_round_q;  // round of the codes on codes_o

  assign round_end = last[0];
  assign sample    = start_i || (done[0] && code_round_q != LAST_ROUND);

  always_comb begin
    round_d      = round_q;
    base_d       = base_q;
    code_round_d = code_round_q;
    if (start_i) begin
      round_d = '0;
      base_d  = '0;
    end else if (round_end) begin
      code_round_d = round_q;
      if (round_q == LAST_ROUND) begin
        round_d = '0;
        base_d  = '0;
      end else begin
        round_d = round_q + RW'(1);
        base_d  = base_q + STEP;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      round_q      <= '0;
      base_q       <= '0;
      code_round_q <= '0;
    end else begin
      round_q      <= round_d;
      base_q       <= base_d;
      code_round_q <= code_round_d;
    end
  end

  for (genvar k = 0; k < K; k++) begin : g_adc
    localparam logic [CW-1:0] OFFSET = CW'(k);
    bsx_sar_ctrl #(.B(B)) u_sar (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .sample_i(sample),
      .keep_i  (keep_i[k]),
      .busy_o  (busy[k]),
      .last_o  (last[k]),
      .trial_o (adc_trial_o[k*B +: B]),
      .done_o  (done[k]),
      .code_o  (codes_o[k*B +: B])
    );
    assign adc_col_o[k*CW +: CW] = base_q + OFFSET;
  end

  // The ADCs run in lockstep: ADC 0 speaks for all of them.
  if (K > 1) begin : g_unused_lockstep
    logic unused_lockstep;
    assign unused_lockstep = ^{last[K-1:1], done[K-1:1]};
  end

  assign adc_busy_o   = busy;
  assign round_o      = round_q;
  assign code_valid_o = done[0];
  assign code_last_o  = done[0] && code_round_q == LAST_ROUND;
  assign code_round_o = code_round_q;
endmodule

`default_nettype wire
