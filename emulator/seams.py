"""The emulator's seams: the functions a caller may replace, each at one point of a request's path.

This is the emulator's only extension point. A seam is a plain function with the signature below;
:class:`Seams` holds one of each and :class:`emulator.Config` carries a ``Seams``. Replacing one
(``dataclasses.replace(Seams(), domain_key=str)``) changes one behaviour and leaves the correct one
in its single place. The fault gallery (``gallery/``, outside this package) is built on these seams;
nothing here knows about it.

Each seam, its signature, and its default:

- ``authenticate(config, method, path, headers, body)``: None, or raise an AwsError (``auth.authenticate``);
- ``operation_for(x_amz_target)``: the operation name, or raise UnknownOperation (``responses.operation_for``);
- ``parse_body(body bytes)``: the params dict, or raise Serialization (``responses.parse_body``);
- ``validate(operation, params)``: None, or raise InvalidParameter (``validation.validate``);
- ``domain_key(domain name)``: the key ownership compares (``models.canonical_domain``);
- ``token_key(operation, organization id, token)``: the token record's key, or None (``models.token_key``);
- ``backend(config)``: the state object the operations call (``models.Backend``);
- ``render_success(output dict)``: a Reply(status, headers, body) (``responses.render_success``);
- ``render_error(AwsError)``: a Reply (``responses.render_error``);
- ``deliver(peer_gone, backend, headers, body, reply)``: the Reply to send, or None to close the connection
  without one (``responses.deliver``).
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
