"""Latency and throughput of /v1/search and /v1/ask against a real running server.

    .venv/bin/python bench/query.py --data-dir data --questions corpus/qa.jsonl
    .venv/bin/python bench/query.py --url http://127.0.0.1:8000 --questions corpus/qa.jsonl

With --data-dir it starts `python -m service` on that index on a free port (and stops it
after); with --url it uses a server that is already running. Prints p50/p95/p99 latency
(ms) and requests/s at each concurrency, pooled over --rounds rounds of --requests each,
after one untimed pass over the distinct questions (a p95 over 200 requests moves by
±10 ms from run to run; over 600 it is steadier), with the server's CPU per request and how many
cores other tenants of the machine kept busy meanwhile (with --data-dir; read from /proc). The
service embeds every request afresh:
there is no answer or embedding cache to warm. Targets (10k chunks, concurrency 8): search p95
≤ 150 ms, ask (extractive) p95 ≤ 300 ms.

    .venv/bin/python bench/query.py --data-dir data --questions corpus/qa.jsonl \
        --long ../shared/eval-dev/questions-dev.jsonl --long bench/long_questions.jsonl

--long adds rows for long questions (at least --long-min-chars, every length kept): /v1/search
at --long-concurrency (1 and 8), --long-requests each, one round. A long question is split into
parts and embedded in the low-priority lane (service/qa/long_questions.py, lanes.py), so these
rows show what such a question costs its caller, and the short rows what it costs the others.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chunks_in(data_dir: Path) -> int | str:
    """Chunks of the published versions in an index folder (what /readyz shows an admin)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ingest.settings import Settings
    from ingest.store import Store

    try:
        state = Store(Settings(data_dir=data_dir), None).state()
        return sum(v.chunks for v in state.versions.values())
    except Exception as exc:  # the benchmark still runs; the table says the size is unknown
        return f"? ({type(exc).__name__})"


def start_server(data_dir: Path, key: str | None, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    # the benchmark measures the service, not its rate limiter
    env = dict(os.environ, RANG_DATA_DIR=str(data_dir), RANG_OPEN_READS="true",
               RANG_RATE_ASK_PER_MINUTE="100000000", RANG_RATE_IP_PER_MINUTE="100000000")
    proc = subprocess.Popen([sys.executable, "-m", "service", "--port", str(port), "--log-level", "warning",
                             "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"service exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("service did not become ready")


_HZ = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    """Seconds of CPU a process (and its threads) has used: utime + stime of /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _HZ


def _machine_busy() -> float:
    """Seconds of CPU every core of the machine has spent busy (/proc/stat, all but idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / _HZ


class CpuMeter:
    """Where a row's CPU went: the server's seconds per request, and how many cores the rest of the
    machine (other tenants, not this load generator) kept busy meanwhile: on a shared 2-core machine
    latency at concurrency 8 is mostly queueing, so a row means little without the background."""

    def __init__(self, server_pid: int | None) -> None:
        self.pid = server_pid

    def read(self) -> tuple[float, float, float, float]:
        server = _process_cpu(self.pid) if self.pid else 0.0
        return time.perf_counter(), _machine_busy(), server, _process_cpu(os.getpid())

    def since(self, start: tuple[float, float, float, float], requests: int) -> tuple[str, str]:
        wall, busy, server, mine = (b - a for a, b in zip(start, self.read(), strict=True))
        if not self.pid or wall <= 0:
            return "-", "-"
        return f"{server * 1000 / max(requests, 1):.1f}", f"{max(busy - server - mine, 0.0) / wall:.2f}"


async def run(url: str, path: str, field: str, questions: list[str], concurrency: int, total: int,
              headers: dict, rounds: int = 1, meter: CpuMeter | None = None) -> dict:
    """`rounds` timed rounds of `total` requests, after an untimed pass over the distinct
    questions at the same concurrency; percentiles pool every timed request."""
    latencies: list[float] = []
    errors = 0
    statuses: dict[int, int] = {}
    counter = iter(range(total))

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for i in counter:
            q = questions[i % len(questions)]
            t = time.perf_counter()
            r = await client.post(path, json={field: q})
            latencies.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                errors += 1
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits, headers=headers) as client:
        counter = iter(range(min(len(questions), 100)))
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))  # warm-up, not counted
        latencies.clear()
        errors = 0
        statuses.clear()
        wall = 0.0
        cpu_start = meter.read() if meter else None
        for _ in range(rounds):
            counter = iter(range(total))
            t0 = time.perf_counter()
            await asyncio.gather(*(worker(client) for _ in range(concurrency)))
            wall += time.perf_counter() - t0
    arr = np.asarray(latencies)
    cpu, others = meter.since(cpu_start, len(arr)) if meter and cpu_start else ("-", "-")
    return {
        "n": len(arr), "errors": errors, "rps": len(arr) / wall, "cpu_ms": cpu, "others": others,
        "p50": float(np.percentile(arr, 50)), "p95": float(np.percentile(arr, 95)),
        "p99": float(np.percentile(arr, 99)), "statuses": statuses,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url")
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--questions", type=Path, required=True, action="append",
                   help="JSONL with a 'question' field; repeat to measure several question sets")
    p.add_argument("--concurrency", default="1,8,32")
    p.add_argument("--requests", type=int, default=200, help="requests per round")
    p.add_argument("--rounds", type=int, default=3, help="timed rounds per endpoint and concurrency (pooled)")
    p.add_argument("--key", help="Bearer key, if the server needs one (an admin key also shows the index size)")
    p.add_argument("--max-chars", type=int, default=300, help="skip longer questions (staff ask short ones)")
    p.add_argument("--label", default="", help="corpus label for the table")
    p.add_argument("--workers", type=int, default=1, help="service worker processes (with --data-dir)")
    p.add_argument("--long", type=Path, action="append", default=[],
                   help="JSONL of long questions (ruling requests, case facts); repeat for several")
    p.add_argument("--long-min-chars", type=int, default=300)
    p.add_argument("--long-max-chars", type=int, default=2000, help="the service's RANG_MAX_QUESTION_CHARS")
    p.add_argument("--long-concurrency", default="1,8")
    p.add_argument("--long-requests", type=int, default=40)
    args = p.parse_args()
    sets = {}
    for path in args.questions:
        lines = [json.loads(x)["question"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        sets[path.stem] = [q for q in lines if len(q) <= args.max_chars]
    long_sets = {}
    for path in args.long:
        lines = [json.loads(x)["question"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        long_sets[f"{path.stem} (long)"] = [q for q in lines if args.long_min_chars <= len(q) <= args.long_max_chars]
    proc = None
    url = args.url
    if url is None:
        if args.data_dir is None:
            raise SystemExit("give --url or --data-dir")
        proc, url = start_server(args.data_dir, args.key, args.workers)
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    try:
        ready = httpx.get(f"{url}/readyz", headers=headers, timeout=10).json()  # counts need an admin key
        if ready.get("chunks") is None:  # no admin key: the size is read from the index folder, if given
            ready["chunks"] = _chunks_in(args.data_dir) if args.data_dir else "?"
        label = args.label or f"{ready.get('chunks')} chunks"
        print(f"\n{label} · {ready.get('chunks')} chunks · {ready.get('embedder') or 'embedder: admin key needed'}\n")
        for name, questions in {**sets, **long_sets}.items():
            lengths = sorted(len(q) for q in questions)
            print(f"questions {name}: {len(questions)}, characters median {lengths[len(lengths) // 2]}, "
                  f"max {lengths[-1]}")
        meter = CpuMeter(proc.pid if proc is not None else None)
        print("\n| corpus | questions | endpoint | concurrency | requests | errors | req/s | p50 ms | p95 ms | p99 ms "
              "| server CPU ms/req | other tenants, cores busy |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for name, questions in sets.items():
            for path, field in (("/v1/search", "query"), ("/v1/ask", "question")):
                for c in (int(x) for x in args.concurrency.split(",")):
                    m = asyncio.run(run(url, path, field, questions, c, args.requests, headers, args.rounds, meter))
                    print(f"| {label} | {name} | {path} | {c} | {m['n']} | {m['errors']} | {m['rps']:.1f} | "
                          f"{m['p50']:.0f} | {m['p95']:.0f} | {m['p99']:.0f} | {m['cpu_ms']} | {m['others']} |", flush=True)
                    if m["statuses"]:
                        print(f"<!-- non-200 statuses: {m['statuses']} -->", flush=True)
        for name, questions in long_sets.items():
            for c in (int(x) for x in args.long_concurrency.split(",")):
                m = asyncio.run(run(url, "/v1/search", "query", questions, c, args.long_requests, headers, 1, meter))
                print(f"| {label} | {name} | /v1/search | {c} | {m['n']} | {m['errors']} | {m['rps']:.1f} | "
                      f"{m['p50']:.0f} | {m['p95']:.0f} | {m['p99']:.0f} | {m['cpu_ms']} | {m['others']} |", flush=True)
                if m["statuses"]:
                    print(f"<!-- non-200 statuses: {m['statuses']} -->", flush=True)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
