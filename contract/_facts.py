"""The page's facts and the model's facts side by side, and where they differ."""

import dataclasses

from contract import _botocore
from contract import _documented as doc


def documented_facts():
    """What the specification page states, in the shape of :func:`contract._botocore.model_facts`.

    None means the page says nothing about that field.
    """
    return {
        "service_id": doc.SERVICE_ID,
        "target_prefix": None,  # the page shows no X-Amz-Target; the protocol derives it from the model
        "protocol": None,
        "json_version": None,
        "http_method": None,
        "request_uri": None,
        "idempotent": None,  # the page only calls ClientToken an idempotency token
        "members": {
            name: {
                "min_length": low,
                "max_length": high,
                "pattern": pattern,
                "required": required,
                "idempotency_token": name == doc.IDEMPOTENCY_TOKEN_MEMBER,
            }
            for name, (low, high, pattern, required) in doc.MEMBERS.items()
        },
        "errors": dict(doc.ERRORS),
        "output_members": doc.SUCCESS_OUTPUT_MEMBERS,
    }


@dataclasses.dataclass(frozen=True)
class Difference:
    field: str
    documented: object
    model: object

    def __str__(self):
        return f"{self.field}: the page says {self.documented!r}, botocore's model says {self.model!r}"


def drift(documented=None, model=None):
    """Every field where the page and the model disagree, by dotted field name.

    A field the page is silent on (None) is still listed: the suite relies on the model there,
    and a reader should see that.
    """
    documented = documented_facts() if documented is None else documented
    model = _botocore.model_facts() if model is None else model
    return sorted(_diff("", documented, model), key=lambda d: d.field)


def _diff(prefix, left, right):
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            field = f"{prefix}.{key}" if prefix else key
            if key not in left:
                yield Difference(field, "<absent>", right[key])
            elif key not in right:
                yield Difference(field, left[key], "<absent>")
            else:
                yield from _diff(field, left[key], right[key])
    elif left != right:
        yield Difference(prefix, left, right)
