// Row XOR flip: the word lines the array sees. With activation_flip the row
// drivers apply ~I' (one XOR per row); rows >= n stay 0 either way.
`default_nettype none

module bsx_row_flip #(
  parameter int N = 64                       // rows of the array
) (
  input  logic [N-1:0]           act_i,      // I' bits, 1 = +1
  input  logic [N-1:0]           mask_i,     // rows in use (bsx_row_mask)
  input  logic                   flip_i,     // activation_flip
  output logic [N-1:0]           wl_o        // word lines
);
  assign wl_o = (act_i ^ {N{flip_i}}) & mask_i;
endmodule

`default_nettype wire
