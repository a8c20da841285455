"""Do long questions slow everyone else's? Ordinary questions' latency with and without a
stream of 2,000-character questions, against a real running server.

    .venv/bin/python bench/fairness.py --data-dir data --questions corpus/qa.jsonl
    .venv/bin/python bench/fairness.py --url http://127.0.0.1:8000 --questions corpus/qa.jsonl

Ordinary questions (from --questions, at most 300 characters) arrive at a steady --rate per
second whatever the latency (open loop, as staff asking independently do), for --seconds per
phase. Phases alternate, --rounds times: "without" (ordinary questions only), then "with",
where --long-clients clients also send long questions, no more than --long-per-minute of them
a minute in all (the issue's case: four clients, 18 a minute, which one key's default limit of
30 a minute allows). The long questions are 2,000 characters each, in turn: a stretch of the
demo draft pasted before a question (~500 tokens), a list of section numbers (~1,050 tokens)
and one question repeated (~540 tokens). A request's latency counts in the phase in which it
was sent; the long clients' questions still in flight when a "with" phase ends are waited for
before the next phase starts. Prints p50/p95/p99 of the ordinary questions per phase, pooled
over the rounds, their p95 ratio, and what became of the long questions (answered, refused
with 429, their median latency). The target is a p95 ratio of at most 1.5.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.query import start_server  # noqa: E402

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def long_questions(limit: int = 2000) -> list[str]:
    """Three kinds of 2,000-character question (see the module docstring)."""
    draft = " ".join((ROOT / "corpus/src/draft-v1.txt").read_text(encoding="utf-8").split())
    pasted = "ร่างมาตรานี้หมายความว่าอย่างไร: " + draft[1000:]
    sections = "มาตราใดบ้างที่กำหนดโทษ " + " ".join(f"มาตรา {i}".translate(THAI_DIGITS) for i in range(100, 900))
    repeated = "ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้นานเท่าไร " * 60
    return [q[:limit] for q in (pasted, sections, repeated)]


class Phase:
    def __init__(self, name: str) -> None:
        self.name = name
        self.ordinary: list[float] = []
        self.ordinary_errors = 0
        self.long: list[float] = []
        self.long_refused = 0
        self.long_errors = 0


async def _ask(client: httpx.AsyncClient, question: str) -> tuple[float, int]:
    t = time.perf_counter()
    try:
        r = await client.post("/v1/ask", json={"question": question})
        status = r.status_code
    except httpx.HTTPError:
        status = 0
    return time.perf_counter() - t, status


async def ordinary_stream(client: httpx.AsyncClient, questions: list[str], rate: float, seconds: float,
                          phase: Phase, start: int) -> None:
    """Open loop: request i is sent at i / rate seconds, whatever the earlier ones are doing."""
    async def one(q: str) -> None:
        dt, status = await _ask(client, q)
        if status == 200:
            phase.ordinary.append(dt)
        else:
            phase.ordinary_errors += 1

    t0 = time.perf_counter()
    tasks = []
    for i in range(int(rate * seconds)):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(questions[(start + i) % len(questions)])))
    await asyncio.gather(*tasks)


async def long_stream(client: httpx.AsyncClient, questions: list[str], clients: int, per_minute: float,
                      stop: asyncio.Event, phase: Phase) -> None:
    """`clients` clients, each sending its next long question when the last is answered, all
    together no more than `per_minute` a minute."""
    gap = 60.0 / per_minute
    next_at = time.perf_counter()
    sent = 0
    lock = asyncio.Lock()

    async def client_loop() -> None:
        nonlocal next_at, sent
        while not stop.is_set():
            async with lock:
                wait = next_at - time.perf_counter()
                next_at = max(next_at, time.perf_counter()) + gap
                q = questions[sent % len(questions)]
                sent += 1
            if wait > 0:
                try:
                    await asyncio.wait_for(stop.wait(), wait)
                    return
                except TimeoutError:
                    pass
            dt, status = await _ask(client, q)
            if status == 200:
                phase.long.append(dt)
            elif status == 429:
                phase.long_refused += 1
            else:
                phase.long_errors += 1

    await asyncio.gather(*(client_loop() for _ in range(clients)))


async def bench(url: str, questions: list[str], longs: list[str], args: argparse.Namespace,
                headers: dict) -> tuple[Phase, Phase]:
    without, with_long = Phase("without"), Phase("with long questions")
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits, headers=headers) as client:
        await ordinary_stream(client, questions, args.rate, min(args.seconds, 5), Phase("warm-up"), 0)
        sent = 0
        for _ in range(args.rounds):
            await ordinary_stream(client, questions, args.rate, args.seconds, without, sent)
            sent += int(args.rate * args.seconds)
            stop = asyncio.Event()
            longs_task = asyncio.create_task(
                long_stream(client, longs, args.long_clients, args.long_per_minute, stop, with_long))
            await ordinary_stream(client, questions, args.rate, args.seconds, with_long, sent)
            sent += int(args.rate * args.seconds)
            stop.set()
            await longs_task  # long questions still in flight finish before the next phase
    return without, with_long


def _ms(values: list[float], q: float) -> str:
    return f"{np.percentile(values, q) * 1000:.0f}" if values else "-"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url")
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--questions", type=Path, default=ROOT / "corpus/qa.jsonl")
    p.add_argument("--rate", type=float, default=8.0, help="ordinary questions a second")
    p.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--long-clients", type=int, default=4)
    p.add_argument("--long-per-minute", type=float, default=18.0)
    p.add_argument("--key", help="Bearer key, if the server needs one (its rate limit then applies)")
    p.add_argument("--label", default="", help="a name for this run in the table")
    args = p.parse_args()
    lines = [json.loads(x)["question"] for x in args.questions.read_text(encoding="utf-8").splitlines() if x.strip()]
    questions = [q for q in lines if len(q) <= 300]
    longs = long_questions()
    proc = None
    url = args.url
    if url is None:
        if args.data_dir is None:
            raise SystemExit("give --url or --data-dir")
        proc, url = start_server(args.data_dir, args.key, 1)
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    try:
        without, with_long = asyncio.run(bench(url, questions, longs, args, headers))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    label = args.label or "this build"
    print(f"\nordinary: {len(questions)} questions from {args.questions.name}, {args.rate:g}/s, "
          f"{args.rounds} × {args.seconds:g} s per phase; long: {args.long_clients} clients, "
          f"≤ {args.long_per_minute:g}/min, {[len(q) for q in longs]} characters\n")
    print("| build | phase | ordinary | errors | p50 ms | p95 ms | p99 ms | long answered | long 429 | long p50 s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for ph in (without, with_long):
        long_p50 = f"{np.percentile(ph.long, 50):.1f}" if ph.long else "-"
        print(f"| {label} | {ph.name} | {len(ph.ordinary)} | {ph.ordinary_errors} | {_ms(ph.ordinary, 50)} | "
              f"{_ms(ph.ordinary, 95)} | {_ms(ph.ordinary, 99)} | {len(ph.long)} | {ph.long_refused} | {long_p50} |")
    if without.ordinary and with_long.ordinary:
        ratio = np.percentile(with_long.ordinary, 95) / np.percentile(without.ordinary, 95)
        print(f"\np95 with / without long questions: {ratio:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
