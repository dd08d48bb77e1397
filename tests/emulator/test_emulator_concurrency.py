"""Races: threads released together at a barrier, each on its own keep-alive connection."""

import http.client
import json
import threading

from contract import CONTRACT, ERRORS
from emulator_helpers import json_headers, new_active_org

THREADS = 16


def race(running, bodies):
    """POST each body from its own thread, all released at once; return [(status, parsed body)]."""
    barrier = threading.Barrier(len(bodies))
    results = [None] * len(bodies)

    def worker(index, body):
        conn = http.client.HTTPConnection(running.host, running.port, timeout=10)
        conn.connect()  # connect before the barrier, so the requests themselves race
        barrier.wait()
        conn.request("POST", "/", json.dumps(body), json_headers())
        response = conn.getresponse()
        results[index] = (response.status, json.loads(response.read()))
        conn.close()

    threads = [threading.Thread(target=worker, args=(i, body)) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(result is not None for result in results)
    return results


def body(org, name, token=None):
    payload = {CONTRACT.organization.name: org, CONTRACT.domain.name: name}
    if token is not None:
        payload[CONTRACT.token.name] = token
    return payload


def test_concurrent_identical_retries_register_once(running, client, org):
    for round_ in range(5):
        name = f"retry{round_}.example.com"
        results = race(running, [body(org, name, token=f"tok-{round_}")] * THREADS)
        assert results == [(200, {})] * THREADS
    assert sorted(running.backend.registered_domains(org)) == [f"retry{i}.example.com" for i in range(5)]


def test_one_domain_into_two_organizations_exactly_one_wins(running, client, org):
    other = new_active_org(client, alias="other")
    for round_ in range(10):
        name = f"contested{round_}.example.com"
        contenders = [body(org if i % 2 else other, name.upper() if i % 3 else name) for i in range(THREADS)]
        results = race(running, contenders)
        winners = {contenders[i][CONTRACT.organization.name] for i, (status, _) in enumerate(results) if status == 200}
        assert len(winners) == 1, results
        losers = [reply["__type"] for status, reply in results if status != 200]
        assert losers and set(losers) == {ERRORS.MAIL_DOMAIN_IN_USE}
        owners = [o for o in (org, other) if name in [n.lower() for n in running.backend.registered_domains(o)]]
        assert owners == list(winners)


def test_quota_holds_under_a_race(boto_session):
    import emulator
    from emulator_helpers import make_client
    with emulator.start(max_domains_per_org=5, activation_delay=0) as small:
        client = make_client(boto_session, small.url)
        org = new_active_org(client)
        results = race(small, [body(org, f"d{i}.example.com") for i in range(THREADS)])
        assert sum(status == 200 for status, _ in results) == 5
        assert {reply["__type"] for status, reply in results if status != 200} == {ERRORS.LIMIT_EXCEEDED}
        assert len(small.backend.registered_domains(org)) == 5
