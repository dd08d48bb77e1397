"""pytest plugin entry point: the suite's options, the run's settings and seed, the run header.

Loaded through the `pytest11` entry point, so an installed suite runs with
`pytest --pyargs conformance --endpoint=URL`. The rest of the plugin is one module per job: fixtures
(conformance.fixtures), verdicts and the exit code (conformance.session), cleanup (conformance.cleanup),
the endpoint's first look (conformance.preflight), rereading a misread command line
(conformance.invocation).
Reports are a plugin of their own (reports.plugin). State lives in config.stash (conformance.keys).
"""

import datetime
import os
import secrets

import hypothesis
import pytest

from conformance import deviations, keys, options, parity, verdicts, weather
from conformance.profiles import DEFAULT_PROFILE, profile_name, register_profiles

pytest_plugins = ["conformance.invocation", "conformance.fixtures", "conformance.session", "conformance.cleanup", "conformance.preflight",
                  "conformance.progress"]

register_profiles()


def pytest_addoption(parser):
    group = parser.getgroup("rmd-conformance", "RegisterMailDomain conformance")
    for option in options.OPTIONS:
        kwargs = dict(dest=option.dest, help=f"{option.help} [env {option.env}, ini {option.ini}]")
        if option.is_flag:
            group.addoption(option.flag, action="store_true", default=None, **kwargs)
        else:
            group.addoption(option.flag, default=None, metavar=option.metavar, **kwargs)
        parser.addini(option.ini, help=option.help, default=None)


def pytest_configure(config):
    config.addinivalue_line("markers", "requirement(id): the catalogue requirement this test checks")
    config.addinivalue_line("markers", "beside(body): a long serial check that may run beside the others "
                                       "(conformance.lanes)")
    try:
        settings = options.settings_from(config.getoption, os.environ, config.getini)
        declared = deviations.load(settings.deviations) if settings.deviations else []
        if settings.reference:
            config.stash[keys.reference_key] = parity.load(settings.reference)
        if settings.require_parity and not settings.reference:
            raise options.OptionError("--require-parity needs --reference FILE: parity with what?")
    except (options.OptionError, deviations.DeviationsError, parity.ReferenceError) as why:
        raise pytest.UsageError(str(why)) from None
    config.stash[keys.settings_key] = settings
    config.stash[keys.deviations_key] = declared
    worker = getattr(config, "workerinput", None)
    if worker is not None and "rmd_run" in worker:
        run = dict(worker["rmd_run"])
    else:
        run = {"run_id": secrets.token_hex(4), "seed": _choose_seed(config), "profile": profile_name(config),
               "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "selection": {"keyword": config.option.keyword or "", "markexpr": config.option.markexpr or ""}}
    config.stash[keys.run_key] = run
    config.stash[keys.tally_key] = verdicts.Tally()
    config.stash[keys.weather_key] = weather.Weather()
    if config.getoption("hypothesis_profile", None) is None:
        hypothesis.settings.load_profile(DEFAULT_PROFILE)


def _choose_seed(config):
    """A derandomized profile needs no seed; otherwise pick one now so the header can print it."""
    given = config.getoption("hypothesis_seed", None)
    if given is not None:
        return int(given) if str(given).isdigit() else given
    profile = config.getoption("hypothesis_profile", None) or DEFAULT_PROFILE
    if hypothesis.settings.get_profile(profile).derandomize:
        return None
    return secrets.randbelow(2**32)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist: every worker shares the controller's run ID and seed."""
    node.workerinput["rmd_run"] = node.config.stash[keys.run_key]


def pytest_report_header(config):
    settings, run = config.stash[keys.settings_key], config.stash[keys.run_key]
    target = settings.endpoint or "embedded reference emulator (127.0.0.1, started by the suite)"
    defaults = {option.dest: option.default for option in options.OPTIONS}
    shown = {k: v for k, v in settings.summary().items() if k != "endpoint" and v != defaults[k]}
    lines = [
        f"rmd-conformance: target {target}",
        *(_aws_warning(settings) if settings.endpoint and options.is_aws(settings.endpoint) else []),
        "rmd-conformance: settings: " + (" ".join(f"{k}={v}" for k, v in shown.items()) + " (the rest default)"
                                          if shown else "all default (pytest --help lists them)"),
        f"rmd-conformance: run id {run['run_id']}; hypothesis profile {run['profile']}; "
        + (f"seed {run['seed']} (repeat with --hypothesis-seed={run['seed']})" if run["seed"] is not None
           else "derandomized (every run draws the same examples)"),
    ]
    return lines


def _aws_warning(settings):
    creates = ("creates and deletes organizations named rmd-<run id>-N" if settings.allow_create_organizations
               else f"uses organizations {settings.organization_id} and {settings.second_organization_id}")
    return [f"rmd-conformance: LIVE AWS (--allow-aws): this run {creates}, registers and deregisters "
            f"domains under *.{settings.domain_suffix}, and removes what it made at the end"]
