"""Root conftest: lets a source checkout run the suite before `pip install -e .`.

Installed, the suite's plugin arrives through its pytest11 entry point; from a bare checkout it
does not, so load it here, and only then (loading it twice is an error).
"""

from importlib.metadata import entry_points

if not any(ep.value == "conformance.plugin" for ep in entry_points(group="pytest11")):
    pytest_plugins = ["conformance.plugin"]
