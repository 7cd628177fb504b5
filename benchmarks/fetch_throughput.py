"""`newsdossier fetch` throughput on the local test site (tests/local_site.py, 127.0.0.1), polite
defaults beside `--delay 0` with 8 connections, and memory for 10,000 URLs queued, in one run.

    .venv/bin/python -m benchmarks.fetch_throughput [--polite 15] [--fast 2000] [--queued 10000]

Each fetch is the whole command a user runs (`python -m newsdossier fetch --urls FILE`), timed
from start to exit, into a fresh archive. The memory figures are the peak resident memory of the
fetch of `--queued` URLs (sampled by psutil), beside the same command with 10 URLs, and the Python
memory that the queue of targets itself takes (tracemalloc).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import tracemalloc
from pathlib import Path

from benchmarks._memory import run_measured

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from local_site import Site  # noqa: E402


def run_fetch(site: Site, work: Path, count: int, *options: str) -> dict:
    urls = work / f"urls-{count}.txt"
    urls.write_text("".join(f"{site.base}/bulk/{n}.html\n" for n in range(count)), encoding="utf-8")
    out = work / f"fetch-{count}-{len(options)}.warc.gz"
    seconds, peak, status, stderr = run_measured(
        [sys.executable, "-m", "newsdossier", "fetch", "--urls", str(urls), "--out", str(out), "--quiet", *options],
        interval=0.02)
    assert status == 0, stderr.decode()[-2000:]
    return {"pages": count, "seconds": seconds, "rate": count / seconds, "peak_mib": peak / 2**20,
            "archive_mib": out.stat().st_size / 2**20}


def queue_memory(count: int) -> float:
    """MiB of Python memory for `count` targets as fetch queues them (with their metadata)."""
    from newsdossier.ingest.discover import Target, interleave_hosts, unique

    tracemalloc.start()
    targets = interleave_hosts(unique(Target(f"https://news{n % 7}.example.org/2024/05/story-{n}.html",
                                             {"via": "sitemap", "list": "https://news.example.org/sitemap.xml",
                                              "published": "2024-05-01", "title": f"Story number {n}"})
                                      for n in range(count)))
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(targets) == count
    return size / 2**20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--polite", type=int, default=15, help="pages fetched with the default politeness")
    parser.add_argument("--fast", type=int, default=2000, help="pages fetched with --delay 0 and 8 connections")
    parser.add_argument("--queued", type=int, default=10000, help="URLs queued for the memory figure")
    args = parser.parse_args()
    fast = ["--delay", "0", "--connections", "8", "--per-host", "8"]
    with Site() as site, tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        polite = run_fetch(site, work, args.polite)
        quick = run_fetch(site, work, args.fast, *fast)
        small = run_fetch(site, work, 10, *fast)
        large = run_fetch(site, work, args.queued, *fast)
    print(f"polite defaults (--delay 1, one request at a time): {polite['pages']} pages in {polite['seconds']:.1f} s"
          f" = {polite['rate']:.2f} pages/s")
    print(f"--delay 0, 8 connections, 8 per host: {quick['pages']} pages in {quick['seconds']:.1f} s"
          f" = {quick['rate']:.1f} pages/s ({quick['rate'] / polite['rate']:.0f}x the polite rate)")
    print(f"{args.queued:,} URLs, same settings: {large['seconds']:.1f} s = {large['rate']:.1f} pages/s; peak RSS "
          f"{large['peak_mib']:.0f} MiB beside {small['peak_mib']:.0f} MiB for 10 URLs; archive "
          f"{large['archive_mib']:.1f} MiB")
    print(f"the queue of {args.queued:,} targets itself: {queue_memory(args.queued):.1f} MiB (tracemalloc)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
