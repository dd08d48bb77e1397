"""The fault gallery: the suite must catch every fault in gallery/faults.py with its requirement(s),
and pass every legal variant in gallery/variants.py.

One test per fault and per variant, so `pytest tests -n 2` spreads them; each starts the emulator
in-process and runs the suite in a subprocess (gallery/runner.py). The kill matrix is printed at
the end of the session (and written to docs/gallery.md by benchmarks/gallery.py).
"""

import pytest

from gallery import runner as gallery
from gallery.faults import FAULTS
from gallery.variants import VARIANTS

_KILLS = []


def _tail(run):
    return "\n".join(run.output.splitlines()[-80:])


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_is_caught(name):
    run = gallery.run("fault", name)
    _KILLS.append((name, run.failed, run.seconds))
    print(f"\nkill matrix: {name} -> {', '.join(run.failed) or 'NOT CAUGHT'} ({run.seconds:.1f} s)")
    assert run.exit_code != 0, f"fault {name} escaped the suite:\n{_tail(run)}"
    expected = set(FAULTS[name].requirements)
    assert expected & set(run.failed), (f"fault {name} was caught by none of {sorted(expected)} "
                                        f"(failed: {run.failed}):\n{_tail(run)}")


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_passes(name):
    run = gallery.run("variant", name)
    assert run.exit_code == 0, f"variant {name} falsely failed {run.failed}:\n{_tail(run)}"


def test_verdict_table_is_parsed():
    output = ("RMD-PROTO-SUCCESS-STATUS               MUST    FAIL            - HTTP 201\n"
              "RMD-QUOTA                              MUST    NOT RUN        \n"
              "RMD-VAL-TOKEN-READING                  MAY     OBSERVED        - pattern-search-only values rejected\n")
    assert gallery.parse_verdicts(output) == {
        "RMD-PROTO-SUCCESS-STATUS": ("FAIL", "HTTP 201"),
        "RMD-QUOTA": ("NOT RUN", ""),
        "RMD-VAL-TOKEN-READING": ("OBSERVED", "pattern-search-only values rejected"),
    }


def test_registries_cover_every_must_and_should():
    from conformance import catalogue
    covered = {rid for fault in FAULTS.values() for rid in fault.requirements}
    judged = {rid for rid, r in catalogue.REQUIREMENTS.items() if r.level in (catalogue.MUST, catalogue.SHOULD)}
    assert judged - covered == set(), sorted(judged - covered)
    assert len(FAULTS) >= 30 and len(VARIANTS) >= 10
    for fault in FAULTS.values():
        assert fault.description and set(fault.requirements) <= set(catalogue.REQUIREMENTS)
