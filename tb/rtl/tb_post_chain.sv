// Bench wrapper: the post-processing chain of bsx_macro as one combinational
// block, base = n - 2*s_used -> bsx_post_offset -> bsx_post_process, so its
// bench (tb_post_process.cpp) drives (code, s_used, sum(W'), n, sign)
// exhaustively. Not part of the design.
`default_nettype none

module tb_post_chain #(
  parameter int N  = 16,
  parameter int B  = 5,
  parameter int OW = 9
) (
  input  logic [B-1:0]           code_i,
  input  logic [$clog2(N+1)-1:0] sum_i,
  input  logic [$clog2(N+1)-1:0] wsum_i,
  input  logic [$clog2(N+1)-1:0] rows_i,
  input  logic                   negate_i,
  output logic [OW-1:0]          result_o,
  output logic                   clip_o
);
  localparam int SW = $clog2(N + 1);
  logic [OW-1:0] base, offset;
  assign base = {{(OW - SW){1'b0}}, rows_i} - {{(OW - SW - 1){1'b0}}, sum_i, 1'b0};
  bsx_post_offset #(.N(N), .OW(OW)) u_offset (
    .base_i(base), .wsum_i(wsum_i), .negate_i(negate_i), .offset_o(offset));
  bsx_post_process #(.N(N), .B(B), .OW(OW)) u_post (
    .code_i(code_i), .offset_i(offset), .negate_i(negate_i), .result_o(result_o), .clip_o(clip_o));
endmodule

`default_nettype wire
