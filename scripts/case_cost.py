"""Energy per array VMM and area of one co-simulated macro case, by
component (model and sources: docs/energy-area.md).

Why: the paper's Table I (scripts/study_overhead.py) and the ADC-count
sweep (scripts/latency.py) put energy and area next to latency; both add
the same parts here, so the two cannot drift apart:
  energy: array read, word/bit lines and ADCs from bsxsim-cosim --json
          ("energy", a preset run), every digital block from the run's FST
          trace and the ASAP7-mapped netlist of scripts/sta.py
          (scripts/energy_digital.py);
  area:   array and ADCs from the same JSON, every digital block from the
          netlist (sta.json's block_area_um2).
"""
import energy_digital


def case_cost(rep, trace, sta_case, clock_ps):
    """rep: the parsed bsxsim-cosim --json report of a preset run (its
    "energy" must not be null); trace: that run's FST; sta_case: the
    configuration's case of sta.json (netlist_json, block_area_um2).
    Returns the components and totals (J per array VMM, um^2)."""
    en = rep["energy"]
    if en is None:
        raise ValueError("the co-simulation report has no energy (an --ideal run?)")
    dig = energy_digital.digital_energy(trace, sta_case["netlist_json"], rep["vectors"], clock_ps)
    energy = {"array read": en["array_read_j"],
              "word/bit lines": en["wordline_j"] + en["bitline_j"], "ADCs": en["adc_j"]}
    gated = dict(energy)
    energy.update({b: e["total_j"] for b, e in dig["per_vmm"].items()})
    gated.update({b: e["total_gated_j"] for b, e in dig["per_vmm"].items()})
    area = {"array": en["array_area_um2"], "ADCs": en["adc_area_um2"]}
    area.update(sta_case["block_area_um2"])
    return {"energy_j": energy, "energy_gated_j": gated, "area_um2": area,
            "energy_total_j": sum(energy.values()), "energy_gated_total_j": sum(gated.values()),
            "area_total_um2": sum(area.values()), "analog": en,
            "digital_by_block": dig["per_vmm"]}
