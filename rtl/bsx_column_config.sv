// Per-column configuration written once per weight tile: the stored sum(W')
// that equation (1) needs and, with BinSparX, the column_flip bit of static
// weight sparsification (computed offline by the software reference).
`default_nettype none

module bsx_column_config #(
  parameter int N         = 64,              // rows of the array (sizes sum(W'))
  parameter int M         = 64,              // columns of the array (>= 2)
  parameter int WITH_FLIP = 1                // 1: keep column_flip bits (BinSparX), 0: none
) (
  input  logic                     clk_i,    // clock
  input  logic                     rst_ni,   // synchronous reset, active low
  input  logic                     we_i,     // write column col_i this cycle
  input  logic [$clog2(M)-1:0]     col_i,    // column to write; >= M is ignored
  input  logic                     flip_i,   // its column_flip
  input  logic [$clog2(N+1)-1:0]   wsum_i,   // its stored sum(W')
  output logic [M-1:0]             flip_o,   // column_flip of every column (0 without flips)
  output logic [M*$clog2(N+1)-1:0] wsum_o    // sum(W') of every column, column 0 in LSBs
);
  localparam int SW = $clog2(N + 1);
  localparam int CW = $clog2(M);

  if (M < 2) begin : g_check_m
    $error("bsx_column_config: M must be >= 2");
  end

  for (genvar c = 0; c < M; c++) begin : g_col
    localparam logic [CW-1:0] COL = CW'(c);
    logic          hit;
    logic [SW-1:0] wsum_d, wsum_q;
    assign hit    = we_i && (col_i == COL);
    assign wsum_d = hit ? wsum_i : wsum_q;

    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        wsum_q <= '0;
      end else begin
        wsum_q <= wsum_d;
      end
    end
    assign wsum_o[c*SW +: SW] = wsum_q;

    if (WITH_FLIP != 0) begin : g_flip
      logic flip_d, flip_q;
      assign flip_d = hit ? flip_i : flip_q;
      always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
          flip_q <= 1'b0;
        end else begin
          flip_q <= flip_d;
        end
      end
      assign flip_o[c] = flip_q;
    end else begin : g_no_flip
      assign flip_o[c] = 1'b0;
    end
  end

  if (WITH_FLIP == 0) begin : g_unused_flip
    logic unused_flip;
    assign unused_flip = flip_i;
  end
endmodule

`default_nettype wire
