// The n/2 comparator of dynamic activation sparsification (docs/design.md section
// 2): activation_flip = (s > n/2), computed exactly as 2s > n so odd n needs
// no rounding rule.
`default_nettype none

module bsx_half_compare #(
  parameter int N = 64                       // rows of the array
) (
  input  logic [$clog2(N+1)-1:0] sum_i,      // s = sum(I') over the rows in use
  input  logic [$clog2(N+1)-1:0] rows_i,     // n, rows in use
  output logic                   flip_o      // activation_flip
);
  assign flip_o = {sum_i, 1'b0} > {1'b0, rows_i};
endmodule

`default_nettype wire
