"""A pytest plugin for gallery runs only: the `gallery` Hypothesis profile.

25 examples, no example database (a run depends on its seed alone) and no shrink phase: a fault makes many
checks fail, and shrinking each failure over real HTTP dominated a gallery run (80 s instead of 10 s). The
kill matrix needs which requirements fail, not minimal examples.
"""

import hypothesis

from conformance.profiles import COMMON

hypothesis.settings.register_profile(
    "gallery", **COMMON, max_examples=25, database=None,
    phases=[phase for phase in hypothesis.Phase if phase != hypothesis.Phase.shrink])
