"""Energy formulas of the digital peripherals (docs/energy-area.md): ASAP7
cell energies x toggles measured in the co-simulation. (The array and the
SAR ADCs are models/array_energy.c, used by the co-simulation itself.)
Pure functions of their arguments, so tb/test_energy_digital.py checks them
against hand-computed cases.

Units: SI (J, s, A, V, F, m^2) unless a name says otherwise (_fj, _ff, _um2).
"""
import asap7_cells as ac

FJ = 1e-15
FF = 1e-15
# Estimates stated in docs/energy-area.md
WIRE_UM_PER_SINK = 1.0         # local route length per driven pin (Est)
SIGNAL_WIRE_FF_PER_UM = 0.166  # ORFS set_wire_rc signal default (E)


def toggle_energy(c_farad, v_swing, toggles):
    """J of toggles transitions of a capacitance swinging v_swing: C V^2 / 2
    each (the supply gives C V^2 per charge, none per discharge)."""
    return 0.5 * c_farad * v_swing * v_swing * toggles


def net_load_ff(pin_ff, sinks):
    """fF a block's outputs drive: the pins they reach plus local wire."""
    return pin_ff + sinks * WIRE_UM_PER_SINK * SIGNAL_WIRE_FF_PER_UM


def flop_energy(flop, n_flops, cycles, captures, load_ff, gated=False):
    """J of n_flops flip-flops over `cycles` clock cycles in which they
    captured `captures` new values in total (Q toggles); their outputs drive
    load_ff fF in total. Idle cycle: CLK-pin energy with D == Q plus the
    clock pin's C V^2. Capture: CLK->QN arc + CLK fall (D == Q again) + D
    toggle + clock pin C V^2, plus C_L V^2 / 2 on the output (ASAP7 figures,
    docs/energy-area.md). gated: ideal clock gating, idle cycles cost nothing
    (a lower bound: no gating cells, no clock tree)."""
    clk_pin_fj = flop["clk_cap_ff"] * ac.VDD ** 2
    idle_fj = flop["e_clk_idle_fj"] + clk_pin_fj
    capture_fj = (0.5 * (flop["e_clkq_rise_fj"] + flop["e_clkq_fall_fj"]) + flop["e_clk_fall_idle_fj"]
                  + 0.5 * (flop["e_d_rise_fj"] + flop["e_d_fall_fj"]) + clk_pin_fj)
    mean_load_ff = load_ff / n_flops if n_flops else 0.0
    idle_cycles = 0 if gated else n_flops * cycles - captures
    return (idle_cycles * idle_fj + captures * capture_fj) * FJ + \
        toggle_energy(mean_load_ff * FF, ac.VDD, captures)


def logic_energy(cells, table, toggles, load_ff):
    """J of combinational cells {type: count} whose outputs make `toggles`
    transitions in total, driving load_ff fF in total: per toggle the mean
    internal energy (E_rise + E_fall) / 2 of the block's cells plus the mean
    load's C V^2 / 2."""
    n = sum(cells.values())
    if n == 0:
        return 0.0
    e_int_fj = sum(table[c]["e_toggle_int_fj"] * k for c, k in cells.items()) / n
    return toggles * e_int_fj * FJ + toggle_energy(load_ff / n * FF, ac.VDD, toggles)


def leakage_energy(cells, table, seconds):
    """J leaked by cells {type: count} in `seconds`."""
    return sum(table[c]["leak_pw"] * k for c, k in cells.items()) * 1e-12 * seconds
