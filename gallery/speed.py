"""A pytest plugin for gallery runs only: the suite's active Hypothesis profile without the shrink phase.

A fault makes many checks fail, and shrinking each failure over real HTTP dominated a gallery run
(80 s instead of 10 s). The kill matrix needs which requirements fail, not minimal examples.
"""

import hypothesis
import pytest


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    current = hypothesis.settings.default
    phases = [phase for phase in current.phases if phase != hypothesis.Phase.shrink]
    hypothesis.settings.register_profile("gallery-no-shrink", parent=current, phases=phases)
    hypothesis.settings.load_profile("gallery-no-shrink")
