// Adder tree: s = sum(I') over the n rows in use (docs/design.md section 4). A
// binary tree of ceil(log2 N) levels whose adders grow one bit per level;
// STAGES pipeline registers are spread evenly between levels so the latency
// from act_i to sum_o is STAGES cycles (valid_i travels alongside as valid_o).
`default_nettype none

module bsx_adder_tree #(
  parameter int N      = 64,                 // rows of the array (>= 2)
  parameter int STAGES = 0                   // pipeline registers, 0..$clog2(N)-1
) (
  input  logic                   clk_i,      // clock
  input  logic                   rst_ni,     // synchronous reset, active low
  input  logic                   valid_i,    // act_i/rows_i hold a new vector
  input  logic [N-1:0]           act_i,      // I' bits, 1 = +1
  input  logic [N-1:0]           mask_i,     // rows in use (bsx_row_mask); others ignored
  output logic                   valid_o,    // valid_i delayed by STAGES cycles
  output logic [$clog2(N+1)-1:0] sum_o       // s = popcount(act_i[n-1:0])
);
  localparam int SW     = $clog2(N + 1);
  localparam int LEVELS = $clog2(N);

  if (N < 2) begin : g_check_n
    $error("bsx_adder_tree: N must be >= 2");
  end
  if (STAGES < 0 || STAGES >= LEVELS) begin : g_check_stages
    $error("bsx_adder_tree: STAGES must be in 0..$clog2(N)-1");
  end

  // Level l holds ceil(N / 2^l) partial sums of l+1 bits each; sum_out of a
  // level is its sums, registered when a pipeline stage sits after it.
  for (genvar l = 0; l <= LEVELS; l++) begin : g_lvl
    localparam int NODES = (N + (1 << l) - 1) >> l;
    localparam int W     = l + 1;
    // Register after level l when it crosses one of STAGES+1 equal segments.
    localparam bit REG   = (l > 0) && (l < LEVELS) &&
                           ((l * (STAGES + 1)) / LEVELS != ((l - 1) * (STAGES + 1)) / LEVELS);
    logic [NODES*W-1:0] sum_comb;
    logic [NODES*W-1:0] sum_out;
    logic               valid_out;
    logic               valid_in;

    if (l == 0) begin : g_leaf
      assign sum_comb = act_i & mask_i;
      assign valid_in = valid_i;
    end else begin : g_node
      localparam int PW     = l;                                  // width one level down
      localparam int PNODES = (N + (1 << (l - 1)) - 1) >> (l - 1);
      assign valid_in = g_lvl[l-1].valid_out;
      for (genvar j = 0; j < NODES; j++) begin : g_add
        logic [PW-1:0] left;
        logic [PW-1:0] right;
        assign left = g_lvl[l-1].sum_out[2*j*PW +: PW];
        if (2 * j + 1 < PNODES) begin : g_pair
          assign right = g_lvl[l-1].sum_out[(2*j+1)*PW +: PW];
        end else begin : g_single
          assign right = '0;
        end
        assign sum_comb[j*W +: W] = {1'b0, left} + {1'b0, right};
      end
    end

    if (REG) begin : g_reg
      logic [NODES*W-1:0] sum_q;
      logic               valid_q;
      always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
          sum_q   <= '0;
          valid_q <= 1'b0;
        end else begin
          sum_q   <= sum_comb;
          valid_q <= valid_in;
        end
      end
      assign sum_out   = sum_q;
      assign valid_out = valid_q;
    end else begin : g_wire
      assign sum_out   = sum_comb;
      assign valid_out = valid_in;
    end
  end

  if (STAGES == 0) begin : g_unused_clock
    logic unused_clock;
    assign unused_clock = clk_i ^ rst_ni;
  end

  // The root has LEVELS+1 bits; s <= N fits in SW of them.
  assign sum_o   = g_lvl[LEVELS].sum_out[SW-1:0];
  assign valid_o = g_lvl[LEVELS].valid_out;
  if (LEVELS + 1 > SW) begin : g_unused_root
    logic unused_root;
    assign unused_root = ^g_lvl[LEVELS].sum_out[LEVELS:SW];
  end
endmodule

`default_nettype wire
