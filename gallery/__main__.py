"""``python -m gallery serve --fault NAME | --variant NAME [emulator options]``, or ``python -m gallery list``.

Serves the reference emulator with one fault or variant applied, exactly as ``python -m emulator`` serves
it otherwise (the URL on the first line, SIGINT/SIGTERM stop it).
"""

import sys

import emulator.__main__ as emulator_cli
from gallery import configured
from gallery.faults import FAULTS
from gallery.variants import VARIANTS

USAGE = ("usage: python -m gallery list\n"
         "       python -m gallery serve (--fault NAME | --variant NAME) [python -m emulator options]")


def _list():
    for kind, registry in (("fault", FAULTS), ("variant", VARIANTS)):
        for name, entry in registry.items():
            print(f"{kind}\t{name}\t{entry.description}")
    return 0


def _serve(argv):
    picked = [(kind, argv[i + 1]) for i, arg in enumerate(argv[:-1]) for kind in ("fault", "variant")
              if arg == f"--{kind}"]
    if len(picked) != 1:
        print(f"{USAGE}\nname exactly one --fault or --variant", file=sys.stderr)
        return 2
    kind, name = picked[0]
    registry = FAULTS if kind == "fault" else VARIANTS
    if name not in registry:
        print(f"python -m gallery: unknown {kind} {name!r}; see python -m gallery list", file=sys.stderr)
        return 2
    rest = [arg for i, arg in enumerate(argv) if arg != f"--{kind}" and (i == 0 or argv[i - 1] != f"--{kind}")]
    return emulator_cli.main(rest, adjust=lambda config: configured(kind, name, config))


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["list"]:
        return _list()
    if argv[:1] == ["serve"]:
        return _serve(argv[1:])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
