"""How many examples may run together (--concurrency) without filling the organization they register into.

An example a full organization stopped while others ran together is run again alone, but that cannot
always be judged fairly: an endpoint may replay a token's first answer, LimitExceededException included,
to the same request sent again (the page allows it). So examples run together only as many as the room
allows. With --max-domains-per-org the room is the quota less what the run holds; without it, the room is
learnt from the organization itself, by registering filler names and removing them.
"""

import functools
import threading


class Room:
    def __init__(self, resources):
        self.resources = resources
        self._learnt = {}  # organization id -> (domains it took more, whether that was all, the run's held then)
        self._lock = threading.Lock()

    def examples_at_once(self, quota, holds, concurrency, organization_id=None):
        """How many examples holding up to `holds` domains each may run together with room to spare."""
        if holds <= 0:
            return concurrency
        if quota is None:
            if organization_id is None:
                return concurrency
            room = self.learn(organization_id, (concurrency + 1) * holds)
        else:
            room = quota - max(self.resources.held_by_organization().values(), default=0)
        # One example's worth of room is kept: the organization may hold domains this run does not know of (a
        # default domain), and an example a full organization stopped only runs again, alone.
        return max(1, min(concurrency, room // holds - 1))

    def learn(self, organization_id, wanted):
        """How many more domains the organization takes now, up to `wanted`.

        Learnt by registering `wanted` filler names at once and removing them, once per organization and
        size: asked for no more than was learnt, or after the organization refused one, the answer is what was
        learnt less what this run registered there since. Any answer but a 2xx counts as a domain not taken,
        so a troubled endpoint gets fewer examples at once, never more.
        """
        resources = self.resources
        with self._lock:
            took, final, held_then = self._learnt.get(organization_id, (0, False, 0))
            if not (final or took >= wanted):
                held_then = resources.held_by_organization()[organization_id]
                names = [resources.filler_name() for _ in range(wanted)]
                taken = resources.each_at_once([functools.partial(resources.register_filler, organization_id, name)
                                                for name in names])
                resources.each_at_once([functools.partial(resources.deregister, organization_id, name)
                                        for name in names if resources.was_tracked(organization_id, name)])
                took, final = sum(taken), not all(taken)
                self._learnt[organization_id] = (took, final, held_then)
        held_since = resources.held_by_organization()[organization_id] - held_then
        return max(0, min(took, wanted) - max(0, held_since))
