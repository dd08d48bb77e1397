"""The client's effect reads: one ListMailDomains read judges several names, and a failure names each wrong one."""

import pytest

from conformance.client import Client
from conformance.failures import ConformanceFailure
from conformance.judge import Judge
from conformance.weather import Weather

REQUIREMENT = "RMD-IDEM-TWIN-TOKENS-DISTINCT"
ORG = "m-0123456789abcdef0123456789abcdef"


class _Listing:
    """What ListMailDomains shows, and how often it was read (the network is not what these tests are about)."""

    def __init__(self, *names):
        self.names, self.reads = list(names), 0

    def list_domains(self, organization_id):
        self.reads += 1
        return self.names


class _Transport:
    weather = Weather()


def _client(listing):
    judge = Judge(strict_errors=False)
    return Client(_Transport(), listing, judge, consistency_timeout=0), judge


def test_one_read_serves_every_name_and_each_counts():
    listing = _Listing("a.example.test", "B.example.test", "other.example.test")
    client, judge = _client(listing)
    client.expect_counts(REQUIREMENT, ORG, {"a.example.test": 1, "b.example.test": 1})
    assert listing.reads == 1
    assert judge.judged[REQUIREMENT] == 2


def test_a_failure_names_only_the_wrong_name_in_the_words_of_a_single_read():
    client, _ = _client(_Listing("a.example.test"))
    with pytest.raises(ConformanceFailure) as failure:
        client.expect_counts(REQUIREMENT, ORG, {"a.example.test": 1, "b.example.test": 1})
    assert failure.value.expected == f"b.example.test listed once by ListMailDomains in {ORG}"
    assert failure.value.got.startswith("listed 0 times, still after waiting")
    single, _ = _client(_Listing("a.example.test"))
    with pytest.raises(ConformanceFailure) as alone:
        single.expect_listed(REQUIREMENT, ORG, "b.example.test")
    assert (alone.value.expected, alone.value.got) == (failure.value.expected, failure.value.got)


def test_a_failure_names_every_wrong_name():
    client, _ = _client(_Listing("a.example.test", "a.example.test"))
    with pytest.raises(ConformanceFailure) as failure:
        client.expect_counts(REQUIREMENT, ORG, {"a.example.test": 1, "b.example.test": 1})
    assert failure.value.expected == (f"a.example.test listed once; b.example.test listed once by ListMailDomains "
                                      f"in {ORG}")
    assert failure.value.got.startswith("a.example.test listed 2 times; b.example.test listed 0 times, still after")
