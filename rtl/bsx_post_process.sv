// Post-processing of one column in the cycle its ADC code arrives (docs/design.md
// section 2): equation (1) with the two's-complement negation,
//   y = +-(4*code - 2*s_used - 2*sum(W') + n) = x + (negate ? -4*code : 4*code)
// where x comes from bsx_post_offset, and the clip flag (code at the top of
// the ADC range). OW holds y for every B-bit code, so a code spoiled by the
// analog array still gives the value the software reference computes, never
// a wrapped one.
`default_nettype none

module bsx_post_process #(
  parameter int N  = 64,                     // rows of the array (>= 4)
  parameter int B  = 5,                      // ADC bits
  parameter int OW = 9                       // result width, >= the minimum below
) (
  input  logic [B-1:0]  code_i,              // ADC code
  input  logic [OW-1:0] offset_i,            // x from bsx_post_offset
  input  logic          negate_i,            // activation_flip XOR column_flip
  output logic [OW-1:0] result_o,            // signed dot product
  output logic          clip_o               // code == 2^B - 1
);
  localparam int SW = $clog2(N + 1);
  // |y| <= max(3N, 4*(2^B - 1) + N), for any code
  localparam int MAG    = (4 * ((1 << B) - 1) + N > 3 * N) ? 4 * ((1 << B) - 1) + N : 3 * N;
  localparam int MIN_OW = $clog2(MAG + 1) + 1;

  if (N < 4 || B < 1 || B > SW) begin : g_check_nb
    $error("bsx_post_process: need N >= 4 and 1 <= B <= $clog2(N+1)");
  end
  if (OW < MIN_OW) begin : g_check_ow
    $error("bsx_post_process: OW too small for every code");
  end

  // -4c = ~(4c) + 1: one adder with the sign as carry-in
  logic [OW-1:0] four_code;
  assign four_code = {{(OW - B - 2){1'b0}}, code_i, 2'b00};
  assign result_o  = offset_i + (four_code ^ {OW{negate_i}}) + {{(OW - 1){1'b0}}, negate_i};
  assign clip_o    = &code_i;
endmodule

`default_nettype wire
