// Bench wrapper: the combinational blocks of the flip path side by side, each
// with its own ports, so one small Verilator model serves their benches
// (tb_flip_blocks.cpp). Not part of the design.
`default_nettype none

module tb_flip_blocks #(
  parameter int N = 16
) (
  input  logic [$clog2(N+1)-1:0] mask_rows_i,
  output logic [N-1:0]           mask_o,
  input  logic [$clog2(N+1)-1:0] cmp_sum_i,
  input  logic [$clog2(N+1)-1:0] cmp_rows_i,
  output logic                   cmp_flip_o,
  input  logic [N-1:0]           rf_act_i,
  input  logic [$clog2(N+1)-1:0] rf_rows_i,
  input  logic                   rf_flip_i,
  output logic [N-1:0]           rf_wl_o,
  input  logic [$clog2(N+1)-1:0] sel_sum_i,
  input  logic [$clog2(N+1)-1:0] sel_rows_i,
  input  logic                   sel_flip_i,
  output logic [$clog2(N+1)-1:0] sel_sum_o
);
  bsx_row_mask #(.N(N)) u_mask (.rows_i(mask_rows_i), .mask_o(mask_o));
  bsx_half_compare #(.N(N)) u_compare (.sum_i(cmp_sum_i), .rows_i(cmp_rows_i), .flip_o(cmp_flip_o));
  logic [N-1:0] rf_mask;
  bsx_row_mask #(.N(N)) u_rf_mask (.rows_i(rf_rows_i), .mask_o(rf_mask));
  bsx_row_flip #(.N(N)) u_row_flip (.act_i(rf_act_i), .mask_i(rf_mask), .flip_i(rf_flip_i), .wl_o(rf_wl_o));
  bsx_sum_select #(.N(N)) u_sum_select (.sum_i(sel_sum_i), .rows_i(sel_rows_i), .flip_i(sel_flip_i),
                                        .sum_o(sel_sum_o));
endmodule

`default_nettype wire
