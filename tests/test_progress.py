"""Progress on long runs: a live status line at a terminal, one line per requirement in a log, nothing with -q,
and the certification profile's expected duration up front."""

import os
import pty
import select
import subprocess
import sys

import emulator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _suite(url, *args):
    return [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--endpoint={url}", *args]


def _run_at_a_terminal(command):
    """Run `command` with a pseudo-terminal as its stdout, as a person at a shell would; its output."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(command, cwd=ROOT, stdin=secondary, stdout=secondary, stderr=secondary,
                               close_fds=True)
    os.close(secondary)
    output = b""
    try:
        while True:
            ready, _, _ = select.select([primary], [], [], 1)
            if ready:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
    finally:
        os.close(primary)
        process.wait(timeout=300)
    return process.returncode, output.decode("utf-8", "replace")


def test_at_a_terminal_a_long_check_shows_its_status_refreshed_in_place():
    # 20 ms a request: the stateful check runs for seconds, as against a remote endpoint.
    with emulator.start(latency_ms=20, activation_delay=0.05) as running:
        code, output = _run_at_a_terminal(_suite(running.url, "-k", "stateful"))
    assert code == 0, output[-2000:]
    assert "\r  RMD-STATEFUL: " in output and " examples judged, " in output


def test_in_a_log_each_requirement_gets_one_line_when_its_checks_finish():
    with emulator.start(activation_delay=0.05) as running:
        done = subprocess.run(_suite(running.url, "-k", "stateful or quota"), cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
        quiet = subprocess.run(_suite(running.url, "-k", "quota", "-q", "--max-domains-per-org=100"), cwd=ROOT,
                               capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "\nrmd-conformance: RMD-STATEFUL: its 2 checks finished, " in done.stdout
    assert "\r" not in done.stdout  # a log is never rewritten in place
    assert "its check finished" not in quiet.stdout


def test_a_certification_run_says_up_front_how_long_it_should_take():
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only",
                           "--hypothesis-profile=certification"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "rmd-conformance: certification profile: " in done.stdout and "expected to take about " in done.stdout
