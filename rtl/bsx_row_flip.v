// Row XOR flip: the word lines the array sees. With activation_flip the row
// drivers apply ~I' (one XOR per row); rows >= n stay 0 either way.
`default_nettype none

module bsx_row_flip #(
  parameter int N = 64                       // rows of the array
) (
  input  logic [N-1:0]           act_i,      // I' bits, 1 = +1
  input  logic [$clog2(N+1)-1:0] rows_i,     // n, rows in use
  input  logic                   flip_i,     // activation_flip
  output logic [N-1:0]           wl_o        // word lines
);
  logic [N-1:0] mask;
  bsx_row_mask #(.N(N)) u_mask (.rows_i(rows_i), .mask_o(mask));

  assign wl_o = (act_i ^ {N{flip_i}}) & mask;
endmodule

`default_nettype wire
