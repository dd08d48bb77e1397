"""The fault gallery: deliberate defects the conformance suite must catch, and legal variants it must pass.

Built on the emulator's seams (:mod:`emulator.seams`); the emulator knows nothing of it. Not shipped in
the wheel: a vendor running the suite needs none of it, and an emulator author who wants it works from a
checkout (see README, "The fault gallery").

- :mod:`gallery.faults`: ``FAULTS``, name -> Fault (a defect, the requirement it breaks, how to build it);
- :mod:`gallery.variants`: ``VARIANTS``, name -> Variant (a legal deviation from the emulator's defaults);
- :mod:`gallery.runner`: run the suite against one of them and read its verdicts;
- :mod:`gallery.speed`: a pytest plugin that drops Hypothesis's shrink phase for gallery runs;
- ``python -m gallery serve --fault NAME`` (or ``--variant NAME``): an emulator with one applied.
"""

from emulator import Config


def configured(kind, name, config=None, **fields):
    """A Config (built from `fields` when none is given) with fault or variant `name` applied."""
    from gallery import faults, variants

    registry = {"fault": faults, "variant": variants}
    if kind not in registry:
        raise ValueError(f"kind must be 'fault' or 'variant', got {kind!r}")
    return registry[kind].apply(name, config if config is not None else Config(**fields))
