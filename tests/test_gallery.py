"""The fault gallery: the suite must FAIL the primary requirement of every fault in gallery/faults/, and
pass every legal variant in gallery/variants/ (exit 0, every MUST passed or not applicable).

One test per fault and per variant, so `pytest tests -n 4` spreads them; each runs the suite in a child
process against the emulator with that fault or variant (gallery/runner.py), with the recorded seed. A
variant runs every check. A fault runs the checks the kill matrix (benchmarks/results/gallery.json) recorded
failing its primary requirement, all of them when none is recorded: proving the catch again, not the whole
matrix, which benchmarks/gallery.py measures.
"""

import fnmatch
import json
import pathlib

import pytest

from conformance import catalogue, parity
from gallery import matrix, runner
from gallery.faults import FAULTS
from gallery.variants import VARIANTS

ROOT = pathlib.Path(__file__).resolve().parent.parent
RECORD = ROOT / "benchmarks" / "results" / "gallery.json"
REFERENCE = str(parity.EMULATOR_PROFILE)


def _recorded_catchers():
    try:
        faults = json.loads(RECORD.read_text())["faults"]
    except (OSError, ValueError, KeyError):
        return {}
    return {name: row.get("caught_by") or None for name, row in faults.items()}


CATCHERS = _recorded_catchers()


def _tail(run):
    return "\n".join(run.output.splitlines()[-80:])


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_is_caught_by_its_primary_requirement(name):
    only = CATCHERS.get(name)
    run = runner.run("fault", name, only=only, reference=REFERENCE)  # a reference changes no verdict
    primary = FAULTS[name].primary
    hint = (f" The checks the kill matrix recorded catching it ({', '.join(only)}) no longer do: if another check "
            "catches it now, re-run benchmarks/gallery.py --seeds 5." if only else "")
    assert run.caught, (f"fault {name}: its primary requirement {primary} is {run.verdicts.get(primary)!r}, not "
                        f"'fail' ({run.details.get(primary, '')}); failed: {run.failed}.{hint}\n{_tail(run)}")


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_passes_and_differs_from_the_reference_where_it_says(name):
    run = runner.run("variant", name, reference=REFERENCE)
    assert run.passed, (f"variant {name} falsely failed {run.false_alarms} (exit {run.exit_code}): "
                        f"{[run.details.get(rid) for rid in run.false_alarms]}\n{_tail(run)}")
    declared = VARIANTS[name].parity
    unexplained = [row for row in run.parity if not any(fnmatch.fnmatch(row[0], p) for p in declared)]
    unshown = [p for p in declared if not any(fnmatch.fnmatch(key, p) for key, _, _ in run.parity)]
    assert not unexplained and not unshown, (
        f"variant {name} against the reference emulator's profile: differs where it should not {unexplained}; "
        f"shows no difference at {unshown}")


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
    measured = json.loads(RECORD.read_text())
    assert matrix.stale(measured) == [], "run: .venv/bin/python benchmarks/gallery.py --seeds 5"
    assert (ROOT / "docs" / "gallery.md").read_text() == matrix.render(measured)
    assert all(row["caught"] == row["runs"] and row["caught_by"] for row in measured["faults"].values())
    assert all(row["passed"] == row["runs"] for row in measured["variants"].values())
