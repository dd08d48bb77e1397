"""Facts: what an endpoint did where the page lets implementations differ, as stable points and plain values.

A fact is (requirement ID, point name, value). Recorded over a run they make the endpoint's reference
profile (conformance.parity), so two endpoints, or one endpoint and the real service, can be compared
point by point. Values are chosen to depend on the endpoint alone, never on which examples were drawn,
how many, or how long the run took: a form ("{}", "empty"), a name, a coarse time bucket.
"""

from contract import CONTRACT

RUN = "run"  # the pseudo-requirement of facts about the whole run (activation, read lag, connections)


def of_exchange(exchange):
    """The wire facts one RegisterMailDomain answer shows: status, body form, Content-Type, error shape."""
    response = exchange.response
    if response is None or exchange.probe or exchange.transient or exchange.operation != CONTRACT.operation:
        return []
    found = [(RUN, "connection", "close" if (response.header("Connection") or "").lower() == "close"
              else "kept alive")]
    content_type = " ".join((response.header("Content-Type") or "(none)").lower().split())
    if 200 <= response.status < 300:
        return found + [("RMD-PROTO-SUCCESS-STATUS", "status", str(response.status)),
                        ("RMD-PROTO-SUCCESS-BODY", "body", _body_form(response)),
                        ("RMD-PROTO-CONTENT-TYPE", "on success", content_type)]
    if response.status < 400:
        return found
    return found + [("RMD-PROTO-ERROR-STATUS", "status", str(response.status)),
                    ("RMD-PROTO-CONTENT-TYPE", "on error", content_type),
                    ("RMD-PROTO-ERROR-TYPE", "__type", _type_form(response)),
                    ("RMD-PROTO-ERROR-TYPE", "x-amzn-ErrorType header",
                     "sent" if response.header("x-amzn-ErrorType") else "not sent"),
                    ("RMD-PROTO-ERROR-MESSAGE", "member", _message_member(response))]


def answer_of(response):
    """An answer as a parity value: 'success', the error's name, or its status when it names none."""
    if 200 <= response.status < 300:
        return "success"
    return response.error_name() or f"HTTP {response.status}, no error name"


def duration(seconds):
    """A time as a bucket coarse enough to be the same run after run: never exact seconds."""
    if seconds is None or seconds <= 0:
        return "at once"
    if seconds < 1:
        return "under 1 s"
    if seconds < 10:
        return "1 to 10 s"
    return "10 s or more"


def _body_form(response):
    if not response.body.strip():
        return "empty"
    try:
        document = response.json()
    except ValueError:
        return "not JSON"
    if document == {}:
        return "{}"
    return "object with members" if isinstance(document, dict) else "JSON, not an object"


def _type_form(response):
    try:
        document = response.json()
    except ValueError:
        return "no JSON body"
    raw = document.get("__type") if isinstance(document, dict) else None
    if not isinstance(raw, str):
        return "absent"
    return "with namespace or suffix" if ("#" in raw or ":" in raw) else "the bare name"


def _message_member(response):
    try:
        document = response.json()
    except ValueError:
        return "no JSON body"
    if not isinstance(document, dict):
        return "none"
    found = [member for member in ("Message", "message") if isinstance(document.get(member), str)]
    return " and ".join(found) or "none"
