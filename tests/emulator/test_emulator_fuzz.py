"""Arbitrary bodies and header values never get a 5xx, and the emulator keeps serving."""

import http.client
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract import CONTRACT
from emulator_helpers import assert_serving, json_headers

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_documents = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(sorted(CONTRACT.members)) | st.text(max_size=8), inner, max_size=4), max_leaves=10)
bodies = st.binary(max_size=200) | json_documents.map(lambda doc: json.dumps(doc).encode())
targets = st.sampled_from([CONTRACT.target, CONTRACT.target_for("ListMailDomains"), "x", ""]) | st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, target=targets)
def test_no_input_gets_a_server_error(running, body, target):
    headers = json_headers()
    headers["X-Amz-Target"] = target
    conn = http.client.HTTPConnection(running.host, running.port, timeout=5)
    conn.request("POST", "/", body, headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    assert 200 <= response.status < 500, (response.status, body, target)
    assert_serving(running)
