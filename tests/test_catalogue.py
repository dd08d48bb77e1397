"""The catalogue and the checks stay in step: every requirement has a check, every check a requirement."""

import importlib
import pkgutil

import pytest

import conformance.checks
from conformance import catalogue


def _check_functions():
    for info in pkgutil.iter_modules(conformance.checks.__path__):
        module = importlib.import_module(f"conformance.checks.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("test_") and callable(value):
                yield f"{info.name}.{name}", value


def _requirements_of(function):
    return [rid for mark in getattr(function, "pytestmark", []) if mark.name == "requirement" for rid in mark.args]


def test_every_check_names_a_known_requirement():
    for name, function in _check_functions():
        ids = _requirements_of(function)
        assert ids, f"{name} has no @pytest.mark.requirement"
        for rid in ids:
            assert rid in catalogue.REQUIREMENTS, f"{name} names unknown requirement {rid}"


def test_every_requirement_has_a_check():
    checked = {rid for _, function in _check_functions() for rid in _requirements_of(function)}
    assert sorted(set(catalogue.REQUIREMENTS) - checked) == []


def test_every_requirement_states_level_area_and_source():
    for requirement in catalogue.REQUIREMENTS.values():
        assert requirement.level in catalogue.LEVELS
        assert requirement.title and requirement.traces_to and requirement.area
        assert requirement.id.startswith("RMD-")


def test_unknown_requirement_id_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown requirement ID 'RMD-NOPE'"):
        catalogue.get("RMD-NOPE")
