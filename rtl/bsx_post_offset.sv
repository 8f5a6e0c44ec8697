// The part of post-processing (equation (1) and the sign correction) that
// does not need the ADC code, computed while the column converts:
//   x = +-(n - 2*s_used - 2*sum(W')), negative when
//       activation_flip XOR column_flip,
// from base = n - 2*s_used (one per vector). bsx_post_process adds +-4*code
// in the cycle the code arrives, so that cycle holds a single adder.
`default_nettype none

module bsx_post_offset #(
  parameter int N  = 64,                     // rows of the array
  parameter int OW = 9                       // result width (bsx_post_process)
) (
  input  logic [OW-1:0]          base_i,     // n - 2*s_used, two's complement
  input  logic [$clog2(N+1)-1:0] wsum_i,     // stored sum(W') of the column
  input  logic                   negate_i,   // activation_flip XOR column_flip
  output logic [OW-1:0]          offset_o    // x, two's complement
);
  localparam int SW = $clog2(N + 1);

  if (OW < SW + 2) begin : g_check_ow
    $error("bsx_post_offset: OW must be >= $clog2(N+1) + 2");
  end

  logic [OW-1:0] two_wsum;
  assign two_wsum = {{(OW - SW - 1){1'b0}}, wsum_i, 1'b0};
  // both signs in parallel, then a mux: one adder deep
  assign offset_o = negate_i ? two_wsum - base_i : base_i - two_wsum;
endmodule

`default_nettype wire
