// Thermometer decoder: which of the N rows are in use. A layer whose last row
// tile has n < N rows drives rows >= n to 0 and leaves them out of the adder
// tree (docs/design.md section 2, partial arrays); every block that needs "the rows
// in use" derives it from n through this one decoder.
`default_nettype none

module bsx_row_mask #(
  parameter int N = 64                       // rows of the array
) (
  input  logic [$clog2(N+1)-1:0] rows_i,     // n, rows in use (0..N)
  output logic [N-1:0]           mask_o      // mask_o[i] = (i < n)
);
  localparam int SW = $clog2(N + 1);

  if (N < 2) begin : g_check_n
    $error("bsx_row_mask: N must be >= 2");
  end

  for (genvar i = 0; i < N; i++) begin : g_row
    localparam logic [SW-1:0] ROW = SW'(i);
    assign mask_o[i] = rows_i > ROW;
  end
endmodule

`default_nettype wire
