"""The run's state in config.stash, under typed keys: shared by the suite's plugin modules and by the
reports plugin, which reads the outcome and never reaches into the core otherwise."""

import pytest

settings_key = pytest.StashKey["options.Settings"]()
run_key = pytest.StashKey[dict]()  # run_id, seed, started
tally_key = pytest.StashKey["verdicts.Tally"]()
deviations_key = pytest.StashKey[list]()
outcome_key = pytest.StashKey[dict]()  # the finished run: table, deviation statuses, weather, exit status
weather_key = pytest.StashKey["weather.Weather"]()  # this process's transient answers and read lags
preflight_key = pytest.StashKey["diagnosis.Diagnosis"]()  # what the preflight found; absent when it did not run
reference_key = pytest.StashKey[dict]()  # the --reference profile, loaded and validated at configure
lanes_key = pytest.StashKey["lanes.Lanes"]()  # the checks running beside the others (conformance.lanes)
