"""A pytest plugin for gallery runs only: the `gallery` Hypothesis profile, and the checks a run keeps.

25 examples, no example database (a run depends on its seed alone) and no shrink phase: a fault makes many
checks fail, and shrinking each failure over real HTTP dominated a gallery run (80 s instead of 10 s). The
kill matrix needs which requirements fail, not minimal examples.

With RMD_GALLERY_ONLY set (gallery.runner's `only`), the run keeps only the checks it names: a fault's CI
test runs the checks the kill matrix recorded catching it, not all of them.
"""

import os

import hypothesis

from conformance.profiles import COMMON

hypothesis.settings.register_profile(
    "gallery", **COMMON, max_examples=25, database=None,
    phases=[phase for phase in hypothesis.Phase if phase != hypothesis.Phase.shrink])


def pytest_collection_modifyitems(config, items):
    only = os.environ.get("RMD_GALLERY_ONLY")
    if not only:
        return
    wanted = set(only.split(","))
    kept = [item for item in items if getattr(item, "originalname", item.name) in wanted]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
