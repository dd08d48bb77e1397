"""The layout shows the design, and stays that way: imports run one way, files stay small, public APIs only.

contract <- strategies <- conformance <- reports, and emulator <- gallery. The suite may start the emulator
(the embedded reference endpoint); the gallery runs the suite and reads its catalogue. Nothing below points
back up.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("contract", "strategies", "conformance", "reports", "emulator", "gallery")
# package -> the packages of ours it may import
ALLOWED = {
    "contract": set(),
    "strategies": {"contract"},
    "emulator": {"contract"},
    "conformance": {"contract", "strategies", "emulator"},
    "reports": {"contract", "strategies", "conformance"},
    "gallery": {"contract", "emulator", "conformance"},
}
MAX_LINES = 400


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield package, path


def _imported(path):
    """The top-level packages of ours a module imports, with the line of each import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in PACKAGES]
    return found


def test_imports_run_one_way():
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {target}"
             for package, path in _modules() for target, line in _imported(path)
             if target != package and target not in ALLOWED[package]]
    assert wrong == [], "an import against the layers: " + "; ".join(wrong)


def test_the_core_of_the_suite_never_imports_the_reports():
    assert "reports" not in ALLOWED["conformance"]
    plugins = (ROOT / "pyproject.toml").read_text()
    assert 'rmd_conformance = "conformance.plugin"' in plugins and 'rmd_reports = "reports.plugin"' in plugins


@pytest.mark.parametrize("package", PACKAGES)
def test_no_file_is_over_the_limit(package):
    long = {str(path.relative_to(ROOT)): n for p, path in _modules() if p == package
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_the_plugin_entry_point_only_wires():
    assert len((ROOT / "conformance" / "plugin.py").read_text().splitlines()) < 150


@pytest.mark.parametrize("private", ["_current_profile", "_service_description", "hypothesis.settings._"])
def test_no_private_api_of_a_dependency_is_read(private):
    users = [str(path.relative_to(ROOT)) for _, path in _modules() if private in path.read_text()]
    assert users == []


def _table_column(readme, heading):
    """The first column of the table under `### heading` in a README, backticks removed."""
    section = readme.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [row.split("|")[1].strip().strip("`") for row in rows]


def test_the_emulator_readme_lists_every_module_and_only_those():
    readme = (ROOT / "emulator" / "README.md").read_text()
    listed = set(_table_column(readme, "Layout"))
    present = {f"emulator/{path.name}" for path in (ROOT / "emulator").glob("*.py")}
    assert listed == present


def test_the_emulator_readme_lists_every_seam_and_only_those():
    import dataclasses

    from emulator.seams import Seams

    readme = (ROOT / "emulator" / "README.md").read_text()
    listed = {cell.split("(")[0] for cell in _table_column(readme, "Seams")}
    assert listed == {field.name for field in dataclasses.fields(Seams)}


def test_no_plugin_module_imports_another():
    """pytest rewrites asserts in a plugin module as it imports it; one imported earlier by another module
    cannot be rewritten, and every run of the installed suite would end with a PytestAssertRewriteWarning."""
    from conformance import plugin

    plugins = {"conformance.plugin", "reports.plugin", *plugin.pytest_plugins}
    offenders = []
    for name in sorted(plugins):
        path = ROOT.joinpath(*name.split(".")).with_suffix(".py")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported = {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                imported = {alias.name for alias in node.names}
            else:
                continue
            offenders += [f"{name} imports {other}" for other in sorted(imported & (plugins - {name}))]
    assert offenders == []
