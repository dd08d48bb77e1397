"""The reference emulator of Amazon WorkMail's RegisterMailDomain and its neighbouring operations.

In-process use (the test suite's)::

    import emulator
    with emulator.start(max_domains_per_org=3, activation_delay=0.05) as running:
        ...  # point a client at running.url

Standalone: ``python -m emulator --port 0`` prints the URL it listens on as its first line.
"""

import dataclasses
import threading

from emulator.config import Config
from emulator.seams import Seams
from emulator.server import EmulatorServer

__all__ = ["Config", "Running", "Seams", "start"]

LOOPBACK = "127.0.0.1"


class Running:
    """A started emulator: its URL, its state (`backend`), and stop()."""

    def __init__(self, server, thread, config, backend):
        self._server = server
        self._thread = thread
        self.config = config
        self.backend = backend
        self.host, self.port = server.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"
        self._stopped = False
        self._stop_lock = threading.Lock()

    def stop(self):
        """Stop accepting, cut open connections, release the port. Safe to call more than once."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def __repr__(self):
        return f"<emulator running at {self.url}>"


def start(port=0, host=LOOPBACK, config=None, **fields):
    """Bind (port 0 picks a free port), serve in a daemon thread, and return a :class:`Running`.

    `fields` are :class:`Config` fields; given with `config`, they override it.
    """
    config = dataclasses.replace(config, **fields) if config is not None else Config(**fields)
    backend = config.seams.backend(config)
    server = EmulatorServer((host, port), config, backend)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name=f"emulator-{server.server_address[1]}", daemon=True)
    thread.start()
    return Running(server, thread, config, backend)
