// One post-processing lane of bsx_macro: the results of one ADC. While round
// r converts, it registers the sum(W') and column_flip of the column the ADC
// converts in that round (column r*K + k of bsx_column_config, chosen from
// wsum_i / flip_i by round_i), and the next edge registers the code-free part
// of equation (1) with the sign (bsx_post_offset); in the cycle the code
// arrives, bsx_post_process adds +-4*code only. Both registers track round_i,
// which holds r from round r's sample cycle, so they hold round r's values
// in its done cycle (B >= 1). Sign correction: the result is negated when
// activation_flip XOR column_flip (docs/design.md section 2).
`default_nettype none

module bsx_post_lane #(
  parameter int N      = 64,                 // rows of the array (>= 4)
  parameter int B      = 5,                  // ADC bits
  parameter int OW     = 9,                  // result width (bsx_post_process)
  parameter int ROUNDS = 8                   // columns this ADC converts, M/K
) (
  input  logic                               clk_i,      // clock
  input  logic                               rst_ni,     // synchronous reset, active low
  input  logic [((ROUNDS > 1) ? $clog2(ROUNDS) : 1)-1:0] round_i, // round being sampled / converted
  input  logic [ROUNDS*$clog2(N+1)-1:0]      wsum_i,     // sum(W') of the lane's column of each round
  input  logic [ROUNDS-1:0]                  flip_i,     // column_flip of the same columns
  input  logic                               act_flip_i, // activation_flip of the vector
  input  logic [OW-1:0]                      base_i,     // n - 2*s_used, two's complement
  input  logic [B-1:0]                       code_i,     // the ADC's code, in its done cycle
  output logic [OW-1:0]                      result_o,   // signed dot product of the column
  output logic                               clip_o      // code == 2^B - 1
);
  localparam int SW = $clog2(N + 1);

  logic [SW-1:0] wsum;                       // the converting column's sum(W')
  logic          col_flip;                   // ... and column_flip
  logic [OW-1:0] offset_d, offset_q;         // x = +-(n - 2*s_used - 2*sum(W'))
  logic          negate_d, negate_q;         // activation_flip XOR column_flip

  if (ROUNDS == 1) begin : g_direct
    assign wsum     = wsum_i;
    assign col_flip = flip_i[0];
    logic unused_round;
    assign unused_round = ^round_i;
  end else begin : g_mux
    logic [SW-1:0] wsum_d, wsum_q;
    logic          flip_d, flip_q;
    assign wsum_d = wsum_i[round_i*SW +: SW];
    assign flip_d = flip_i[round_i];
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        wsum_q <= '0;
        flip_q <= 1'b0;
      end else begin
        wsum_q <= wsum_d;
        flip_q <= flip_d;
      end
    end
    assign wsum     = wsum_q;
    assign col_flip = flip_q;
  end

  assign negate_d = act_flip_i ^ col_flip;
  bsx_post_offset #(.N(N), .OW(OW)) u_offset (
    .base_i  (base_i),
    .wsum_i  (wsum),
    .negate_i(negate_d),
    .offset_o(offset_d)
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      offset_q <= '0;
      negate_q <= 1'b0;
    end else begin
      offset_q <= offset_d;
      negate_q <= negate_d;
    end
  end

  bsx_post_process #(.N(N), .B(B), .OW(OW)) u_post (
    .code_i  (code_i),
    .offset_i(offset_q),
    .negate_i(negate_q),
    .result_o(result_o),
    .clip_o  (clip_o)
  );
endmodule

`default_nettype wire
