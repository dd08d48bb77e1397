"""Options come from the command line, the environment or the ini file; bad values name their source."""

import pytest

from conformance import options


def _settings(cli=None, env=None, ini=None):
    cli, env, ini = cli or {}, env or {}, ini or {}
    return options.settings_from(lambda dest: cli.get(dest), env, lambda name: ini.get(name))


def test_defaults():
    settings = _settings()
    assert settings.endpoint is None and settings.embedded
    assert settings.region == "us-east-1"
    assert settings.pattern_semantics == "either"
    assert settings.strict_errors is False


def test_command_line_wins_over_environment_and_ini():
    settings = _settings(cli={"region": "eu-west-1"}, env={"RMD_REGION": "us-west-2"},
                         ini={"rmd_region": "ap-south-1"})
    assert settings.region == "eu-west-1"
    assert settings.sources["region"] == "command-line option --region"


def test_environment_wins_over_ini():
    settings = _settings(env={"RMD_MAX_DOMAINS_PER_ORG": "7"}, ini={"rmd_max_domains_per_org": "3"})
    assert settings.max_domains_per_org == 7


@pytest.mark.parametrize("cli, env, ini, message", [
    ({"endpoint": "ftp://x"}, {}, {}, "--endpoint: 'ftp://x' must be an http:// or https:// URL (from command-line option --endpoint)"),
    ({}, {"RMD_MAX_DOMAINS_PER_ORG": "many"}, {}, "--max-domains-per-org: 'many' is not an integer (from environment variable RMD_MAX_DOMAINS_PER_ORG)"),
    ({}, {}, {"rmd_pattern_semantics": "anchored"}, "--pattern-semantics: 'anchored' must be one of either, fullmatch, search (from ini option rmd_pattern_semantics)"),
    ({"organization_id": "m-ABC"}, {}, {}, "--organization-id: 'm-ABC' is not a well-formed OrganizationId"),
    ({"request_timeout": "0"}, {}, {}, "--request-timeout: '0' must be a positive number of seconds"),
    ({"domain_suffix": "localhost"}, {}, {}, "--domain-suffix: 'localhost' is not a DNS name"),
    ({}, {"RMD_CONCURRENCY": "0"}, {}, "--concurrency: '0' must be 1 or more (from environment variable RMD_CONCURRENCY)"),
    ({}, {}, {"rmd_concurrency": "1000"}, "--concurrency: '1000' is more than 64 requests in flight"),
])
def test_bad_values_name_the_option_the_value_and_the_source(cli, env, ini, message):
    with pytest.raises(options.OptionError) as raised:
        _settings(cli, env, ini)
    assert message in str(raised.value)


def test_the_same_organization_twice_is_refused():
    same = "m-" + "a" * 32
    with pytest.raises(options.OptionError, match="different organizations"):
        _settings(cli={"organization_id": same, "second_organization_id": same})


def test_flag_from_environment():
    assert _settings(env={"RMD_STRICT_ERRORS": "yes"}).strict_errors is True
    with pytest.raises(options.OptionError, match="not a boolean"):
        _settings(env={"RMD_STRICT_ERRORS": "perhaps"})


def test_aws_endpoint_needs_allow_aws():
    with pytest.raises(options.OptionError, match="Pass --allow-aws"):
        _settings(cli={"endpoint": "https://workmail.us-east-1.amazonaws.com"})


def test_aws_endpoint_uses_only_given_organizations_unless_allowed_to_create():
    with pytest.raises(options.OptionError, match="--allow-create-organizations"):
        _settings(cli={"endpoint": "https://workmail.us-east-1.amazonaws.com", "allow_aws": True})
    allowed = _settings(cli={"endpoint": "https://workmail.us-east-1.amazonaws.com", "allow_aws": True,
                             "allow_create_organizations": True})
    assert allowed.allow_aws and allowed.allow_create_organizations


def test_lookalike_hosts_are_not_aws():
    assert not options.is_aws("http://amazonaws.com.example.org")
    assert options.is_aws("https://WORKMAIL.eu-west-1.AMAZONAWS.COM")


def _collected(*args):
    """What `python -m pytest <args> --collect-only` collects from the checkout itself, as a user types it."""
    import pathlib
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_path_options_work_in_both_forms_from_a_checkout(tmp_path):
    deviations = tmp_path / "deviations.json"
    deviations.write_text("[]")
    spaced = _collected("--report-dir", str(tmp_path / "report"), "--deviations", str(deviations))
    joined = _collected(f"--report-dir={tmp_path / 'report'}", f"--deviations={deviations}")
    assert spaced == joined and len(spaced) > 40
    assert all(item.startswith("conformance/checks/") for item in spaced)  # the checks, never the project's tests
    assert not (tmp_path / "report").exists()  # collecting runs nothing, so it reports nothing


def test_only_values_that_name_existing_paths_make_a_command_line_reread(tmp_path):
    from conformance import invocation

    assert invocation.joined(["--endpoint", "http://127.0.0.1:1", "-q"]) is None  # nothing pytest could root in
    assert invocation.joined(["--deviations", str(tmp_path), "-q", "--seed", "3"]) == [
        f"--deviations={tmp_path}", "-q", "--seed", "3"]
    assert invocation.joined(["--", "--report-dir", str(tmp_path)]) is None  # after `--` nothing is an option
