"""The emulator's configuration: limits, timings, credentials and the seams (:mod:`emulator.seams`)."""

import dataclasses
import types
from typing import Mapping

from emulator.seams import Seams

DEFAULT_MAX_DOMAINS_PER_ORG = 100
DEFAULT_ACTIVATION_DELAY = 0.2  # seconds: short, but long enough that a client must wait for Active
DEFAULT_MAX_BODY_BYTES = 1 << 20
DEFAULT_READ_TIMEOUT = 10.0  # seconds a connection may sit idle or stall mid-request before it is closed


@dataclasses.dataclass(frozen=True)
class Config:
    max_domains_per_org: int = DEFAULT_MAX_DOMAINS_PER_ORG
    activation_delay: float = DEFAULT_ACTIVATION_DELAY
    verify_signatures: bool = False
    credentials: Mapping[str, str] = dataclasses.field(default_factory=dict)  # access key -> secret key
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    read_timeout: float = DEFAULT_READ_TIMEOUT
    region: str = "us-east-1"
    account_id: str = "123456789012"
    log_requests: bool = False
    latency_ms: float = 0  # every response is delayed this long, as an endpoint on another continent is
    seams: Seams = dataclasses.field(default_factory=Seams)

    def __post_init__(self):
        # Frozen: a config shared by the server's threads must not change under them.
        object.__setattr__(self, "credentials", types.MappingProxyType(dict(self.credentials)))
        for problem in self.problems():
            raise ValueError(problem)

    def problems(self):
        if _not_int(self.max_domains_per_org) or self.max_domains_per_org < 0:
            yield f"max_domains_per_org must be a non-negative integer, got {self.max_domains_per_org!r}"
        if not isinstance(self.activation_delay, (int, float)) or not 0 <= self.activation_delay < float("inf"):
            yield f"activation_delay must be a finite number of seconds >= 0, got {self.activation_delay!r}"
        if _not_int(self.max_body_bytes) or self.max_body_bytes < 1:
            yield f"max_body_bytes must be a positive integer, got {self.max_body_bytes!r}"
        if not isinstance(self.read_timeout, (int, float)) or not 0 < self.read_timeout < float("inf"):
            yield f"read_timeout must be a finite number of seconds > 0, got {self.read_timeout!r}"
        if not isinstance(self.latency_ms, (int, float)) or isinstance(self.latency_ms, bool) \
                or not 0 <= self.latency_ms < float("inf"):
            yield f"latency_ms must be a finite number of milliseconds >= 0, got {self.latency_ms!r}"
        if self.verify_signatures and not self.credentials:
            yield "verify_signatures needs at least one access key / secret key pair in credentials"


def _not_int(value):
    return isinstance(value, bool) or not isinstance(value, int)
