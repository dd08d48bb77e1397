"""Runs again, once, a command line that pytest read before it knew the suite's options.

pytest settles its rootdir and ini file, and so `testpaths`, before it loads any plugin
(pytest-dev/pytest#8846). In `pytest --deviations FILE` it has not yet heard of --deviations, takes FILE
for a test path, roots the run in FILE's folder, loses the checkout's `testpaths` and collects the project's
own tests. `--deviations=FILE` cannot be misread. So when a value of ours, given in the space form, names
an existing path, the same command runs again with those options joined to their values: the same process
(exec), interpreter flags and other arguments. Only the command line typed by a user is rerun; a program
calling pytest.main() gets what it asked for.
"""

import os
import shlex
import sys

import pytest

from conformance import options

_RERUN = "RMD_REREAD_COMMAND_LINE"  # set on the rerun: a command line is reread at most once
_TAKES_VALUE = frozenset(option.flag for option in options.OPTIONS if not option.is_flag)


def joined(args):
    """args with each `--flag VALUE` of ours joined to `--flag=VALUE` if any such VALUE is an existing path
    (the only values pytest mistakes for a place to root the run); None if nothing needs joining."""
    out, misread, index = [], False, 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            out.extend(args[index:])
            break
        value = args[index + 1] if index + 1 < len(args) else None
        if arg in _TAKES_VALUE and value is not None and not value.startswith("-"):
            out.append(f"{arg}={value}")
            misread = misread or os.path.exists(value)
            index += 2
            continue
        out.append(arg)
        index += 1
    return out if misread else None


def _typed_by_a_user(config):
    return (not hasattr(config, "workerinput") and _RERUN not in os.environ
            and tuple(sys.argv[1:]) == tuple(config.invocation_params.args))


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    if not _typed_by_a_user(config):
        return
    args = joined(list(config.invocation_params.args))
    addopts = joined(shlex.split(os.environ.get("PYTEST_ADDOPTS", "")))
    if args is None and addopts is None:
        return
    environ = dict(os.environ, **{_RERUN: "1"})
    if addopts is not None:
        environ["PYTEST_ADDOPTS"] = shlex.join(addopts)
    given = list(config.invocation_params.args)
    if list(sys.orig_argv[len(sys.orig_argv) - len(given):]) != given:
        return  # an interpreter started in a way we cannot repeat faithfully: leave the command alone
    command = list(sys.orig_argv[: len(sys.orig_argv) - len(given)]) + (args if args is not None else given)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, environ)
