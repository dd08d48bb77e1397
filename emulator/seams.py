"""The emulator's seams: the functions a caller may replace, each at one point of a request's path.

This is the emulator's only extension point. A seam is a plain function with the signature below;
:class:`Seams` holds one of each and :class:`emulator.Config` carries a ``Seams``. Replacing one
(``dataclasses.replace(Seams(), domain_key=str)``) changes one behaviour and leaves the correct one
in its single place. The fault gallery (``gallery/``, outside this package) is built on these seams;
nothing here knows about it.

| seam | signature | default |
| --- | --- | --- |
| ``authenticate`` | ``(config, method, path, headers, body) -> None``, or raise an AwsError | :func:`emulator.auth.authenticate` |
| ``operation_for`` | ``(x_amz_target) -> operation name``, or raise UnknownOperation | :func:`emulator.responses.operation_for` |
| ``parse_body`` | ``(body bytes) -> params dict``, or raise Serialization | :func:`emulator.responses.parse_body` |
| ``validate`` | ``(operation, params) -> None``, or raise InvalidParameter | :func:`emulator.validation.validate` |
| ``domain_key`` | ``(domain name) -> the key ownership compares`` | :func:`emulator.models.canonical_domain` |
| ``token_key`` | ``(operation, organization id, token) -> record key, or None`` | :func:`emulator.models.token_key` |
| ``backend`` | ``(config) -> the state object the operations call`` | :class:`emulator.models.Backend` |
| ``render_success`` | ``(output dict) -> Reply(status, headers, body)`` | :func:`emulator.responses.render_success` |
| ``render_error`` | ``(AwsError) -> Reply`` | :func:`emulator.responses.render_error` |
| ``deliver`` | ``(peer_gone, backend, headers, body, reply) -> the Reply to send`` | :func:`emulator.responses.deliver` |
"""

import dataclasses
from typing import Callable

from emulator import auth, models, responses, validation


@dataclasses.dataclass(frozen=True)
class Seams:
    authenticate: Callable = auth.authenticate
    operation_for: Callable = responses.operation_for
    parse_body: Callable = responses.parse_body
    validate: Callable = validation.validate
    domain_key: Callable = models.canonical_domain
    token_key: Callable = models.token_key
    backend: Callable = models.Backend
    render_success: Callable = responses.render_success
    render_error: Callable = responses.render_error
    deliver: Callable = responses.deliver

    def replace(self, **changes):
        """A copy with the named seams swapped; an unknown name is a TypeError naming it."""
        return dataclasses.replace(self, **changes)


NAMES = tuple(field.name for field in dataclasses.fields(Seams))
