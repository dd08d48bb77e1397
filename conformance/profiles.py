"""The suite's Hypothesis settings profiles, and the name of the one in effect (public API only)."""

import hypothesis

PROFILES = {
    # Fast feedback while developing an endpoint.
    "dev": dict(max_examples=25),
    # Repeatable in CI: the same examples every run, no example database to carry around.
    "ci": dict(max_examples=60, derandomize=True, database=None),
    # A certification run: repeatable and much deeper.
    "certification": dict(max_examples=500, derandomize=True, database=None),
}
DEFAULT_PROFILE = "ci"
COMMON = dict(deadline=None, print_blob=True,
              suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.filter_too_much])


def register_profiles():
    for name, values in PROFILES.items():
        hypothesis.settings.register_profile(name, **COMMON, **values)


def profile_name(config):
    """The profile this run uses: the one --hypothesis-profile names, else the suite's default."""
    return config.getoption("hypothesis_profile", None) or DEFAULT_PROFILE
