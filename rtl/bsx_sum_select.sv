// Sum-select mux of BinSparX: equation (1) uses the activation sum of the
// vector actually applied, s_used = n - s when the rows were flipped, else s.
`default_nettype none

module bsx_sum_select #(
  parameter int N = 64                       // rows of the array
) (
  input  logic [$clog2(N+1)-1:0] sum_i,      // s, requires s <= n
  input  logic [$clog2(N+1)-1:0] rows_i,     // n, rows in use
  input  logic                   flip_i,     // activation_flip
  output logic [$clog2(N+1)-1:0] sum_o       // s_used
);
  assign sum_o = flip_i ? rows_i - sum_i : sum_i;
endmodule

`default_nettype wire
