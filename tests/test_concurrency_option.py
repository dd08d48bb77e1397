"""--concurrency: independent examples run together, and nothing that is judged changes."""

import json
import threading
import time

import hypothesis
import pytest
from hypothesis import strategies as st

import emulator
from conformance import explore
from conformance.explore import Exploration

VOLATILE = {"run": ("id", "started", "finished"), "options": ("concurrency", "report_dir"), "suite": ("commit",),
            "weather": ("requests", "activation_seconds")}  # when, who, how many requests, how long: not judged


def _judged(path):
    document = json.loads(path.read_text())
    for section, keys in VOLATILE.items():
        for key in keys:
            document[section].pop(key, None)
    return document


def _run(pytester, tmp_path, concurrency, *args):
    report = tmp_path / f"c{concurrency}"
    result = pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider",
                                           f"--concurrency={concurrency}", f"--report-dir={report}", *args,
                                           timeout=600)
    return result, _judged(report / "results.json")


def test_results_are_the_same_at_any_concurrency(pytester, tmp_path):
    one, alone = _run(pytester, tmp_path, 1)
    many, together = _run(pytester, tmp_path, 8)
    assert one.ret == many.ret == 0
    assert alone == together


def test_a_fault_gets_the_same_verdicts_at_any_concurrency(pytester, tmp_path):
    from gallery import configured

    with emulator.start(config=configured("fault", "case-sensitive-ownership", max_domains_per_org=5)) as running:
        args = (f"--endpoint={running.url}", "--max-domains-per-org=5", "-k", "in_use or listed or retry")
        _, alone = _run(pytester, tmp_path, 1, *args)
        _, together = _run(pytester, tmp_path, 8, *args)
    verdicts = [{r["id"]: r["verdict"] for r in document["requirements"]} for document in (alone, together)]
    assert verdicts[0] == verdicts[1] and verdicts[0]["RMD-CONFLICT-CASE"] == "fail"


def _explore(concurrency, body, **kwargs):
    made = Exploration(seed=None, name="t", concurrency=concurrency)
    previous = hypothesis.settings.default
    hypothesis.settings.register_profile("rmd-explore-test", max_examples=40, derandomize=True, database=None)
    hypothesis.settings.load_profile("rmd-explore-test")
    try:
        made.run(body, **kwargs)
    finally:
        hypothesis.settings.register_profile("rmd-explore-test-restore", previous)
        hypothesis.settings.load_profile("rmd-explore-test-restore")
    return made


def test_together_draws_the_same_examples_and_gives_each_the_same_generator():
    seen = {1: [], 8: []}

    def body(value):
        seen[current[0]].append((explore.example_index(), value, explore.example_rng().random()))

    current = [None]
    for concurrency in seen:
        current[0] = concurrency
        _explore(concurrency, body, independent=True, value=st.integers(0, 10**6))
    assert sorted(seen[1]) == sorted(seen[8]) and len(seen[1]) > 10


def test_examples_sharing_a_key_never_overlap_and_the_first_failure_in_drawing_order_is_raised():
    running, overlapped, lock = set(), [], threading.Lock()

    def body(value):
        with lock:
            if value % 3 in running:
                overlapped.append(value)
            running.add(value % 3)
        time.sleep(0.001)
        with lock:
            running.discard(value % 3)
        if value > 500:
            raise ValueError(f"too big: {value}")

    with pytest.raises(ValueError) as raised:
        _explore(8, body, independent=True, key=lambda value: value % 3, value=st.integers(0, 1000))
    assert overlapped == []
    first = [note for note in raised.value.__notes__ if note.startswith("Example ")]
    assert first and "not shrunk" in first[0]


def test_an_unstated_small_quota_fails_nothing_when_examples_run_together(pytester, tmp_path):
    """An endpoint holding 8 domains an organization, run without --max-domains-per-org at --concurrency 16.
    Ours replays a token's first answer, LimitExceededException included (a legal choice), so an example a full
    organization stopped could not be judged fairly again: the room is learnt before examples run together."""
    with emulator.start(max_domains_per_org=8) as running:
        result, document = _run(pytester, tmp_path, 16, f"--endpoint={running.url}",
                                "-k", "retry or twin or client_tokens")
    verdicts = {r["id"]: r["verdict"] for r in document["requirements"]}
    assert result.ret == 0, result.stdout.str()[-3000:]
    assert {verdicts[i] for i in ("RMD-VAL-TOKEN-ACCEPT", "RMD-IDEM-RETRY", "RMD-IDEM-TWIN-TOKENS-DISTINCT")} \
        == {"pass"}
