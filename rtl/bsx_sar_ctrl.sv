// Control of one B-bit successive-approximation ADC (docs/design.md section 2): one
// sample cycle, then one bit per clock, MSB first. In each bit cycle it
// presents the trial code; the analog comparator (outside the RTL) answers
// keep_i = (I >= (trial - 0.5) I_LSB) before the next edge, and the bit stays
// set when kept. trial_o and busy_o come straight from registers, so keep_i
// may depend on them combinationally without a loop.
//
//   cycle    t        t+1 .. t+B        t+B+1
//            sample_i bits B-1 .. 0     done_o, code_o valid
//
// A new sample may start in the done cycle (back-to-back conversions).
`default_nettype none

module bsx_sar_ctrl #(
  parameter int B = 5                        // bits per conversion (>= 1)
) (
  input  logic         clk_i,                // clock
  input  logic         rst_ni,               // synchronous reset, active low
  input  logic         sample_i,             // sample phase this cycle; bits follow
  input  logic         keep_i,               // comparator: keep this cycle's trial bit
  output logic         busy_o,               // a bit is being decided this cycle
  output logic         last_o,               // ... and it is the LSB
  output logic [B-1:0] trial_o,              // trial code presented to the comparator
  output logic         done_o,               // code_o holds a finished conversion
  output logic [B-1:0] code_o                // result, held until the next bit cycle
);
  if (B < 1) begin : g_check_b
    $error("bsx_sar_ctrl: B must be >= 1");
  end

  localparam logic [B-1:0] MSB = {1'b1, {(B - 1){1'b0}}};

  logic [B-1:0] sar_d, sar_q;  // code so far with the bit under trial set
  logic [B-1:0] ptr_d, ptr_q;  // one-hot: bit under trial; 0 when idle
  logic         done_d, done_q;

  always_comb begin
    sar_d  = sar_q;
    ptr_d  = ptr_q;
    done_d = 1'b0;
    if (sample_i) begin
      sar_d = MSB;
      ptr_d = MSB;
    end else if (busy_o) begin
      sar_d  = (keep_i ? sar_q : sar_q & ~ptr_q) | (ptr_q >> 1);
      ptr_d  = ptr_q >> 1;
      done_d = ptr_q[0];
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sar_q  <= '0;
      ptr_q  <= '0;
      done_q <= 1'b0;
    end else begin
      sar_q  <= sar_d;
      ptr_q  <= ptr_d;
      done_q <= done_d;
    end
  end

  assign busy_o  = |ptr_q;
  assign last_o  = ptr_q[0];
  assign trial_o = sar_q;
  assign done_o  = done_q;
  assign code_o  = sar_q;
endmodule

`default_nettype wire
