"""The fault gallery: the suite must FAIL the primary requirement of every fault in gallery/faults.py, and
pass every legal variant in gallery/variants.py (exit 0, every MUST passed or not applicable).

One test per fault and per variant, so `pytest tests -n 2` spreads them; each starts the emulator
in-process and runs the suite in a subprocess (gallery/runner.py) with the recorded seed.
"""

import json
import pathlib

import pytest

from conformance import catalogue
from gallery import matrix, runner
from gallery.faults import FAULTS
from gallery.variants import VARIANTS

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _tail(run):
    return "\n".join(run.output.splitlines()[-80:])


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_is_caught_by_its_primary_requirement(name):
    run = runner.run("fault", name)
    primary = FAULTS[name].primary
    assert run.caught, (f"fault {name}: its primary requirement {primary} is {run.verdicts.get(primary)!r}, not "
                        f"'fail' ({run.details.get(primary, '')}); failed: {run.failed}\n{_tail(run)}")


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_passes(name):
    run = runner.run("variant", name)
    assert run.passed, (f"variant {name} falsely failed {run.false_alarms} (exit {run.exit_code}): "
                        f"{[run.details.get(rid) for rid in run.false_alarms]}\n{_tail(run)}")


def test_every_must_and_should_is_the_primary_requirement_of_a_fault():
    primaries = {fault.primary for fault in FAULTS.values()}
    judged = {rid for rid, r in catalogue.REQUIREMENTS.items() if r.level in (catalogue.MUST, catalogue.SHOULD)}
    assert sorted(judged - primaries) == []


def test_faults_name_known_requirements_once():
    for name, fault in FAULTS.items():
        assert fault.description, name
        assert fault.primary in catalogue.REQUIREMENTS, (name, fault.primary)
        assert set(fault.collateral) <= set(catalogue.REQUIREMENTS) and fault.primary not in fault.collateral, name


def test_the_kill_matrix_is_current():
    """docs/gallery.md is rendered from the measured record, and the record covers exactly this gallery."""
    measured = json.loads((ROOT / "benchmarks" / "results" / "gallery.json").read_text())
    assert matrix.stale(measured) == [], "run: .venv/bin/python benchmarks/gallery.py --seeds 5"
    assert (ROOT / "docs" / "gallery.md").read_text() == matrix.render(measured)
    assert all(row["caught"] == row["runs"] for row in measured["faults"].values())
    assert all(row["passed"] == row["runs"] for row in measured["variants"].values())
