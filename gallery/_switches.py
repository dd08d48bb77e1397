"""What faults and variants share: looking one up by name, and replacing seams in a config."""

import dataclasses


def apply_from(registry, kind, name, config):
    """`config` with the entry `name` of `registry` applied; KeyError names the known ones."""
    try:
        entry = registry[name]
    except KeyError:
        raise KeyError(f"unknown {kind} {name!r}; known: {', '.join(registry)}") from None
    return entry.build(config)


def replace_seams(config, **changes):
    return dataclasses.replace(config, seams=dataclasses.replace(config.seams, **changes))
