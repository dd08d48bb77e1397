"""Root conftest: lets a source checkout run the suite before `pip install -e .`.

Installed, the suite's plugins arrive through their pytest11 entry points; from a bare checkout they do
not, so load them here, and only then (loading one twice is an error).
"""

from importlib.metadata import entry_points

_INSTALLED = {ep.value for ep in entry_points(group="pytest11")}
pytest_plugins = [name for name in ("conformance.plugin", "reports.plugin") if name not in _INSTALLED]
