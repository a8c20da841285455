"""Real processes for the replica tests and bench/replicas.py: a `chroma run` server and
`python -m service` replicas that share it and a database."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**rang: str) -> dict[str, str]:
    """This environment without the developer's RANG_ settings, plus `rang` (RANG_ + upper name)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RANG_", "PROMETHEUS_"))}
    return env | {f"RANG_{k.upper()}": v for k, v in rang.items()}


def wait_http(url: str, proc: subprocess.Popen, what: str, timeout: float = 180, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} exited with {proc.returncode}\n{tail}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer {url} in {timeout:.0f} s")
        time.sleep(0.2)


def start_chroma(path: Path) -> tuple[subprocess.Popen, int]:
    exe = shutil.which("chroma") or str(ROOT / ".venv" / "bin" / "chroma")
    port = free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "false"})
    wait_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, "chroma run", 60)
    return proc, port


@dataclass
class Replica:
    name: str
    url: str
    data_dir: Path
    log: Path
    proc: subprocess.Popen

    def stop(self, sig: int = signal.SIGINT) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_replica(name: str, data_dir: Path, *, workers: int = 1, wait: bool = True, **rang: str) -> Replica:
    """`python -m service` on a free port with RANG_REPLICA_NAME=name and the given RANG_ settings."""
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / f"{name}.log"
    env = clean_env(replica_name=name, **rang)
    with open(log, "wb") as out:
        proc = subprocess.Popen([PYTHON, "-m", "service", "--port", str(port), "--data-dir", str(data_dir),
                                 "--workers", str(workers), "--log-level", "warning"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    replica = Replica(name, f"http://127.0.0.1:{port}", data_dir, log, proc)
    if wait:
        replica_ready(replica)
    return replica


def replica_ready(replica: Replica, timeout: float = 240) -> None:
    wait_http(f"{replica.url}/healthz", replica.proc, f"replica {replica.name}", timeout, replica.log)
