# Generic Yosys synthesis of the macro top for one scheme (make synth).
# Environment: RTL (source list), PARAMS (every parameter of the top as
# "P=V ...", from `bsxsim config --params`), OUT (output prefix: OUT.json
# netlist). synth prints the statistics to the log.
set chparams {}
foreach pv $::env(PARAMS) {
  lassign [split $pv =] name value
  lappend chparams -chparam $name $value
}
yosys read_verilog -sv {*}$::env(RTL)
yosys hierarchy -check -top bsx_macro {*}$chparams
yosys synth -top bsx_macro
yosys write_json $::env(OUT).json
