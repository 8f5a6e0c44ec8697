# Generic Yosys synthesis of the macro top for one scheme (make synth).
# Environment: RTL (source list), SCHEME (0 baseline, 1 binsparx), OUT
# (output prefix: OUT.json netlist). synth prints the statistics to the log.
yosys read_verilog -sv {*}$::env(RTL)
yosys hierarchy -check -top bsx_macro -chparam SCHEME $::env(SCHEME)
yosys synth -top bsx_macro
yosys write_json $::env(OUT).json
