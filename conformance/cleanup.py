"""Removing what the run created, also after a failure or Ctrl-C, and telling the user what was removed.

The `resources` fixture's teardown does it normally; sessionfinish catches what an interrupt skipped.
Under xdist each worker cleans its own and hands its lines to the controller (workeroutput).
"""

import pytest

from conformance import keys


def pytest_configure(config):
    config.pluginmanager.register(Cleanup(config), "rmd-cleanup")


class Cleanup:
    def __init__(self, config):
        self.config = config
        self.watched = []
        self.lines = []

    def watch(self, resources):
        self.watched.append(resources)

    def finish(self, resources):
        self.lines += resources.cleanup()

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session):
        running = self.config.stash.get(keys.lanes_key, None)
        if running is not None:  # a run that ended early: its lanes stop before what they hold is removed
            self.lines += [f"a check beside the others did not stop in time: {nodeid}"
                           for nodeid in running.stop_all(self.config.stash[keys.settings_key].request_timeout)]
        for resources in self.watched:
            self.finish(resources)
        if hasattr(self.config, "workeroutput"):
            self.config.workeroutput["rmd_cleanup"] = list(self.lines)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        self.lines += getattr(node, "workeroutput", {}).get("rmd_cleanup", [])

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter):
        for line in self.lines:
            terminalreporter.write_line(f"rmd-conformance: {line}")
