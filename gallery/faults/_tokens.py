"""Idempotency faults: what a ClientToken replays, re-runs or confuses."""

import json
import time

from contract import (CONTRACT)
from emulator import models
from emulator.exceptions import (AwsError, InvalidParameter, MailDomainInUse)
from gallery._shared import (RACE_WINDOW, DOMAIN as _DOMAIN, OPERATION as _OPERATION, ORG as _ORG, TOKEN as _TOKEN,
                             backend_with as _backend_fault, replace_seams)
from gallery.variants import reregister_in_use
from gallery.variants._state import _token_reuse_replayed



def _no_token(operation, organization_id, token):
    return None


def _token_ignored(config):
    return _backend_fault(_register=reregister_in_use)(replace_seams(config, token_key=_no_token))


def _idempotent_other_params(self, operation, organization_id, token, fingerprint, action):
    key = self.config.seams.token_key(operation, organization_id, token)
    record = self._tokens.get(key) if key is not None else None
    if record is not None and record.fingerprint != fingerprint:
        return action()  # the token's first effect stands, and this one happens too
    return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)


def _idempotent_reexecute(self, operation, organization_id, token, fingerprint, action):
    key = self.config.seams.token_key(operation, organization_id, token)
    record = self._tokens.get(key) if key is not None else None
    if record is not None and record.fingerprint == fingerprint and not isinstance(record.outcome, AwsError):
        return action()  # a retry runs again instead of replaying the first outcome
    return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)


def _racy_tokens(self, operation, organization_id, token, fingerprint, action):
    """The token's record is written after a slow action outside the lock: concurrent retries all run."""
    key = self.config.seams.token_key(operation, organization_id, token)
    if key is None or operation != _OPERATION:
        return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)
    record = self._tokens.get(key)
    if record is not None:
        return record.replay()
    self._lock.release()
    try:
        time.sleep(RACE_WINDOW)
    finally:
        self._lock.acquire()
    outcome = action()
    self._tokens[key] = models.TokenRecord(fingerprint, dict(outcome))
    return outcome


def _organization_state_during_race(config):
    # Identical concurrent retries: all but the first see a half-done registration.
    return _backend_fault(_idempotent=_racy_tokens, _register=reregister_in_use)(config)


def _lost_response_poisons_token(config):
    """When the client hung up before the answer, the token's record is overwritten with an error."""
    def deliver(peer_gone, backend, headers, body, reply):
        try:
            params = json.loads(body)
        except ValueError:
            return reply
        token = params.get(_TOKEN) if isinstance(params, dict) else None
        if (headers.get("X-Amz-Target") == CONTRACT.target and reply.status == 200 and isinstance(token, str)
                and peer_gone()):
            key = config.seams.token_key(_OPERATION, params.get(_ORG), token)
            error = MailDomainInUse(f"The domain {params.get(_DOMAIN)} is in use (its first answer was lost).")
            with backend._lock:
                backend._tokens[key] = models.TokenRecord(config.seams.domain_key(params.get(_DOMAIN)), error)
        return reply
    return replace_seams(config, deliver=deliver)


def _errors_replayed_as_success(self, operation, organization_id, token, fingerprint, action):
    """A token whose first request was refused answers its retry with 200 (and does nothing)."""
    key = self.config.seams.token_key(operation, organization_id, token)
    record = self._tokens.get(key) if key is not None else None
    if record is not None and record.fingerprint == fingerprint and isinstance(record.outcome, AwsError):
        return {}
    return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)


def _token_key_by(fold):
    """Token records are kept under fold(token): two different tokens can land on one record."""
    def token_key(operation, organization_id, token):
        return None if token is None else (operation, organization_id, fold(token))
    return lambda config: replace_seams(config, token_key=token_key)


def _twin_replayed(config):
    """Token records are kept under the token's first 64 characters, and a token reused with other parameters is
    answered with its first request's answer (a legal choice on its own): the second of two near-twin tokens
    answers 200 and registers nothing. Only reading the listing shows it."""
    return _backend_fault(_idempotent=_token_reuse_replayed)(_token_key_by(lambda token: token[:64])(config))


def _retry_compared_by_prefix(self, operation, organization_id, token, fingerprint, action):
    """A first attempt is looked up exactly, but a retry is compared with the newest record sharing its first 64
    characters (a range scan): the retry of one of two near-twin tokens is taken for a reuse of the other."""
    key = self.config.seams.token_key(operation, organization_id, token)
    if key is None or key not in self._tokens:
        return models.Backend._idempotent(self, operation, organization_id, token, fingerprint, action)
    newest = [record for (op, org, other), record in self._tokens.items()
              if (op, org) == (operation, organization_id) and other[:64] == token[:64]][-1]
    if newest.fingerprint != fingerprint:
        raise InvalidParameter(f"ClientToken {token!r} was already used with other parameters.")
    return newest.replay()
