"""Edit-to-page latency of `mkdocs serve --dirty` on a generated corpus.

    python -m benchmarks.serve --size 1000 --rounds 3 --work /tmp/serve-bench

Starts `mkdocs serve --dirty` on the portal project of `benchmarks.run`
(made once per size and work folder), waits for the first build, then edits
one step of one SOP (`run.edit_one_step`) and times how long it takes until
the served SOP page shows the edit, several times. Prints the first build's
time, each edit's latency, their median and the peak memory of the server
and its children.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from . import run

TIMEOUT = 1800.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, ready, deadline: float, server: subprocess.Popen) -> float:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve exited (code {server.returncode}); see its log")
        text = _fetch(url)
        if text is not None and ready(text):
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {url}")


def measure(project: Path, rounds: int, log: Path) -> dict:
    steps = sorted((project / "sop_data").glob("*/*/*/langkah.csv"))[0]
    page = steps.parent.relative_to(project / "sop_data").as_posix()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page}/"
    with open(log, "ab") as out:
        server = subprocess.Popen([str(run.BIN / "mkdocs"), "serve", "--dirty",
                                   "-a", f"127.0.0.1:{port}"], cwd=project, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, run.tree_rss(server.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        start = time.monotonic()
        first = _wait_for(url, lambda text: True, start + TIMEOUT, server) - start
        latencies = []
        for _ in range(rounds):
            time.sleep(2.0)  # let the server settle (search index of the last build)
            run.edit_one_step(project)
            edited = run.EDIT_MARK in steps.read_text("utf-8")
            began = time.monotonic()
            shown = _wait_for(url, lambda text: (run.EDIT_MARK in text) == edited, began + TIMEOUT, server)
            latencies.append(shown - began)
    finally:
        stop.set()
        sampler.join()
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return {"first_build": first, "latencies": latencies, "median": statistics.median(latencies), "peak_bytes": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Edit-to-page latency of mkdocs serve --dirty.")
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=run.REPO / "build" / "bench-serve")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="use the project already in the work folder")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    project = work / f"portal-{args.size}"
    if not (args.reuse and project.is_dir()):
        project, _ = run.prepare(args.size, work, not args.no_pdf)
    result = measure(project, args.rounds, work / f"serve-{args.size}.txt")
    print(f"size {args.size}: first build {result['first_build']:.1f} s; edit shown after "
          + ", ".join(f"{s:.1f}" for s in result["latencies"])
          + f" s (median {result['median']:.1f} s); peak {result['peak_bytes'] / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
