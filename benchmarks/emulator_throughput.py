"""RegisterMailDomain requests per second on the emulator, beside moto's server doing CreateLogGroup.

Both servers run as subprocesses on 127.0.0.1 and get the same load: http.client over keep-alive
connections, one connection per client thread, every request creating something new (a unique
domain, a unique log group), an unsigned request that carries an Authorization header, for a bounded
time per thread count. moto is installed into benchmarks/.venv-moto on first use (git-ignored).

    .venv/bin/python benchmarks/emulator_throughput.py [--duration 5] [--threads 1 4] [--no-moto]
"""

import argparse
import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from contract import CONTRACT  # noqa: E402  (after the path tweak, so the script runs from anywhere)

MOTO_VENV = ROOT / "benchmarks" / ".venv-moto"
MOTO_TARGET = "Logs_20140328.CreateLogGroup"
JSON_CONTENT_TYPE = CONTRACT.content_type


def authorization(service):
    # Neither server verifies signatures here; moto reads the region and key from the Credential.
    return (f"AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK/20240101/us-east-1/{service}/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64)


# --- load ---------------------------------------------------------------------------------------------

def measure(host, port, headers, make_body, threads, duration):
    """Run `threads` keep-alive clients for `duration` s; return (successful requests, elapsed seconds)."""
    counts = [0] * threads
    failures = []
    barrier = threading.Barrier(threads + 1)
    stop_at = [0.0]

    def client(index):
        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.connect()
        barrier.wait()
        n = 0
        try:
            while time.perf_counter() < stop_at[0]:
                conn.request("POST", "/", make_body(index, n), headers)
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    failures.append((response.status, body[:200]))
                    return
                n += 1
        finally:
            counts[index] = n
            conn.close()

    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    started = time.perf_counter()
    stop_at[0] = started + duration
    barrier.wait()
    for worker in workers:
        worker.join(timeout=duration + 60)
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"a request failed: {failures[0]}")
    return sum(counts), elapsed


def one_request(host, port, headers, body):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("POST", "/", body, headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- the emulator -------------------------------------------------------------------------------------

@contextlib.contextmanager
def emulator_process():
    process = subprocess.Popen([sys.executable, "-m", "emulator", "--port", "0", "--activation-delay", "0",
                                "--max-domains-per-org", str(10 ** 9)], cwd=ROOT, stdout=subprocess.PIPE,
                               text=True)
    try:
        url = process.stdout.readline().strip()
        if not url.startswith("http://"):
            raise SystemExit(f"the emulator did not start (exit {process.poll()})")
        host, port = url.removeprefix("http://").rsplit(":", 1)
        yield host, int(port)
    finally:
        stop(process)


def bench_emulator(threads_list, duration):
    results = []
    with emulator_process() as (host, port):
        headers = {"Content-Type": JSON_CONTENT_TYPE, "Authorization": authorization("workmail")}
        status, body = one_request(host, port, dict(headers, **{"X-Amz-Target": CONTRACT.target_for(
            "CreateOrganization")}), json.dumps({"Alias": "bench"}))
        assert status == 200, body
        organization_id = json.loads(body)["OrganizationId"]
        headers["X-Amz-Target"] = CONTRACT.target
        for threads in threads_list:
            def make_body(index, n, threads=threads):
                return json.dumps({CONTRACT.organization.name: organization_id,
                                   CONTRACT.domain.name: f"t{threads}-{index}-{n}.bench.example.com"})
            results.append(("emulator", CONTRACT.operation, threads, *measure(host, port, headers, make_body,
                                                                               threads, duration)))
    return results


# --- moto ---------------------------------------------------------------------------------------------

def moto_python():
    """benchmarks/.venv-moto's interpreter, creating the venv and installing moto[server] if needed."""
    python = MOTO_VENV / "bin" / "python"
    check = [str(python), "-c", "import moto.server, flask"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(f"installing moto[server] into {MOTO_VENV} ...", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(MOTO_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "moto[server]"], check=True)
    return python


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def moto_process():
    port = free_port()
    process = subprocess.Popen([str(moto_python()), "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("moto's server did not start")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        stop(process)


def bench_moto(threads_list, duration):
    results = []
    with moto_process() as (host, port):
        headers = {"Content-Type": JSON_CONTENT_TYPE, "Authorization": authorization("logs"),
                   "X-Amz-Target": MOTO_TARGET}
        for threads in threads_list:
            def make_body(index, n, threads=threads):
                return json.dumps({"logGroupName": f"bench-{threads}-{index}-{n}"})
            results.append(("moto", "CreateLogGroup", threads, *measure(host, port, headers, make_body,
                                                                         threads, duration)))
    return results


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- report -------------------------------------------------------------------------------------------

def report(results):
    rates = {(server, threads): count / elapsed for server, _, threads, count, elapsed in results}
    print(f"{'server':<9} {'operation':<19} {'threads':>7} {'requests':>9} {'seconds':>8} {'req/s':>8} "
          f"{'vs moto':>8}")
    for server, operation, threads, count, elapsed in results:
        rate = count / elapsed
        moto = rates.get(("moto", threads))
        ratio = f"{rate / moto:.1f}x" if moto and server != "moto" else ""
        print(f"{server:<9} {operation:<19} {threads:>7} {count:>9} {elapsed:>8.2f} {rate:>8.0f} {ratio:>8}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement (default 5)")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4], help="client threads (default 1 4)")
    parser.add_argument("--no-moto", action="store_true", help="measure the emulator only")
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.duration > 120 or any(t < 1 or t > 64 for t in args.threads):
        parser.error("--duration must be in (0, 120] and --threads in 1..64")
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    results = bench_emulator(args.threads, args.duration)
    if not args.no_moto:
        results += bench_moto(args.threads, args.duration)
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
