"""Load on several service replicas behind a round-robin client, sharing one `chroma run` server and
one PostgreSQL: req/s and p95 per replica and in total, database round trips per request, and
each replica's resident memory.

    .venv/bin/python bench/replicas.py --data-dir /tmp/rang-10k --questions corpus/qa.jsonl
    .venv/bin/python bench/replicas.py --data-dir /tmp/rang-10k --questions corpus/qa.jsonl --replicas 1

--data-dir is an index built with embedded Chroma (bench/build_index.py): its chroma folder is
copied and served by `chroma run`, its lexical index copied into each replica's own data dir (so
no replica spends minutes rebuilding it). Without --database-url a throwaway PostgreSQL cluster
is started (tests/postgres.py, with fsync on, as in production). Every request carries a reader
key, and the rate limits are counted in the database (set very high), so the database does per
request what it does in production: the key lookup, the per-address and per-key counters, the
query-log row. Everything runs on this machine: with 2 cores the replicas share them, so the
total is what 2 cores give, not what 2 machines would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.ops.auth import KeyStore
from service.ops.db import Database
from tests.postgres import Cluster
from tests.replicas import Replica, replica_ready, start_chroma, start_replica


def scrape(r: Replica, headers: dict[str, str]) -> dict[str, float]:
    """Requests answered and database round trips so far, from the replica's /metrics."""
    text = httpx.get(f"{r.url}/metrics", headers=headers, timeout=30).text
    out = {"requests": 0.0, "statements": 0.0}
    for line in text.splitlines():
        if line.startswith("rang_http_requests_total{") and 'route="/v1/' in line:
            out["requests"] += float(line.split()[-1])
        elif line.startswith("rang_db_statements_total{"):
            out["statements"] += float(line.split()[-1])
    return out


def cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (all their threads) so far."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def children(parent: int) -> list[int]:
    """The process and its direct children (PostgreSQL's backends are the postmaster's)."""
    out = [parent]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                out.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def load(replicas: list[Replica], path: str, field: str, questions: list[str], concurrency: int,
               total: int, headers: dict[str, str]) -> tuple[dict[str, list[float]], dict[str, int], float]:
    """`total` requests from `concurrency` clients, request i to replica i mod N (a round-robin balancer)."""
    latencies: dict[str, list[float]] = {r.name: [] for r in replicas}
    errors: dict[str, int] = {r.name: 0 for r in replicas}
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency * len(replicas))

    async def client(c: httpx.AsyncClient) -> None:
        for i in counter:
            r = replicas[i % len(replicas)]
            t = time.perf_counter()
            got = await c.post(f"{r.url}{path}", json={field: questions[i % len(questions)]})
            latencies[r.name].append((time.perf_counter() - t) * 1000)
            if got.status_code != 200:
                errors[r.name] += 1

    async with httpx.AsyncClient(timeout=120, limits=limits, headers=headers) as c:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(c) for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return latencies, errors, wall


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, required=True, help="an index with embedded Chroma and a lexical index")
    p.add_argument("--questions", type=Path, required=True, help="JSONL with a 'question' field")
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--concurrency", type=int, default=8, help="clients in total")
    p.add_argument("--requests", type=int, default=600)
    p.add_argument("--endpoint", choices=("ask", "search"), default="ask")
    p.add_argument("--database-url", help="an existing PostgreSQL; default: a throwaway cluster")
    p.add_argument("--max-chars", type=int, default=300)
    args = p.parse_args()
    questions = [json.loads(x)["question"] for x in args.questions.read_text(encoding="utf-8").splitlines() if x.strip()]
    questions = [q for q in questions if len(q) <= args.max_chars]
    path, field = ("/v1/ask", "question") if args.endpoint == "ask" else ("/v1/search", "query")

    work = Path(tempfile.mkdtemp(prefix="rang-replicas-"))
    cluster = None if args.database_url else Cluster(fast=False).start()
    url = args.database_url or cluster.create_database("rang_bench")  # type: ignore[union-attr]
    shutil.copytree(args.data_dir / "chroma", work / "chroma")
    chroma, port = start_chroma(work / "chroma")
    replicas: list[Replica] = []
    try:
        db = Database(url)
        reader = {"Authorization": f"Bearer {KeyStore(db).create('reader', 'bench')[1]}"}
        admin = {"Authorization": f"Bearer {KeyStore(db).create('admin', 'bench-admin')[1]}"}
        for i in range(args.replicas):
            data = work / f"r{i + 1}" / "data"
            shutil.copytree(args.data_dir / "lexical", data / "lexical")
            replicas.append(start_replica(f"r{i + 1}", data, wait=False, chroma_host="127.0.0.1", chroma_port=str(port),
                                          database_url=url, rate_limit_store="database",
                                          rate_ask_per_minute="100000000", rate_ip_per_minute="100000000"))
        for r in replicas:
            replica_ready(r, timeout=900)
        ready = httpx.get(f"{replicas[0].url}/readyz", headers=admin, timeout=30).json()
        idle = {r.name: rss_mb(r.proc.pid) for r in replicas}
        asyncio.run(load(replicas, path, field, questions, args.concurrency, min(len(questions), 100) * len(replicas),
                         reader))  # warm-up, not counted
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0]) if cluster else None
        servers = {"PostgreSQL": children(postmaster) if postmaster else [], "Chroma server": [chroma.pid]}
        before = {r.name: scrape(r, admin) for r in replicas}
        cpu0 = {r.name: cpu_s([r.proc.pid]) for r in replicas} | {k: cpu_s(v) for k, v in servers.items()}
        latencies, errors, wall = asyncio.run(load(replicas, path, field, questions, args.concurrency,
                                                   args.requests, reader))
        cpu = {r.name: cpu_s([r.proc.pid]) for r in replicas} | {k: cpu_s(v) for k, v in servers.items()}
        cpu = {k: v - cpu0[k] for k, v in cpu.items()}
        after = {r.name: scrape(r, admin) for r in replicas}
        print(f"\n{len(replicas)} replica(s) · {ready.get('chunks')} chunks · {ready.get('embedder')} · PostgreSQL · "
              f"{path} · {args.concurrency} clients round-robin · {args.requests} requests\n")
        print("| replica | requests | errors | req/s | p50 ms | p95 ms | db round trips / request | CPU ms / request | "
              "RSS MB idle → loaded |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in replicas:
            lat = np.asarray(latencies[r.name])
            d_req = after[r.name]["requests"] - before[r.name]["requests"]  # /metrics itself is not a /v1/ route
            d_st = after[r.name]["statements"] - before[r.name]["statements"]
            print(f"| {r.name} | {len(lat)} | {errors[r.name]} | {len(lat) / wall:.1f} | {np.percentile(lat, 50):.0f} | "
                  f"{np.percentile(lat, 95):.0f} | {d_st / max(d_req, 1):.2f} | {1000 * cpu[r.name] / len(lat):.1f} | "
                  f"{idle[r.name]:.0f} → "
                  f"{rss_mb(r.proc.pid):.0f} |")
        everything = np.concatenate([np.asarray(v) for v in latencies.values()])
        d_req = sum(after[n]["requests"] - before[n]["requests"] for n in after)
        d_st = sum(after[n]["statements"] - before[n]["statements"] for n in after)
        print(f"| total | {len(everything)} | {sum(errors.values())} | {len(everything) / wall:.1f} | "
              f"{np.percentile(everything, 50):.0f} | {np.percentile(everything, 95):.0f} | "
              f"{d_st / max(d_req, 1):.2f} | {1000 * sum(cpu[r.name] for r in replicas) / len(everything):.1f} | "
              f"{sum(rss_mb(r.proc.pid) for r in replicas):.0f} |")
        for name, pids in servers.items():
            if pids:
                print(f"\n{name}: {1000 * cpu[name] / len(everything):.2f} ms of CPU per request")
        print(f"\nload generator and everything else on this machine: {os.getloadavg()[0]:.1f} load average at the end")
    finally:
        for r in replicas:
            r.stop()
        chroma.terminate()
        chroma.wait(30)
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
