"""Run a command and measure it: wall time and the peak memory of its process tree.

Memory is the resident size (RSS) summed over the tree, or with `pss=True` the proportional set
size (PSS): a page shared by several processes (the libraries of torch and spaCy in every worker)
counts once in the sum, split among them, as the machine sees it."""
from __future__ import annotations

import subprocess
import threading
import time

import psutil


def run_measured(command: list[str], interval: float = 0.2, pss: bool = False) -> tuple[float, int, int, bytes]:
    """(seconds, peak RSS (or PSS) in bytes of the process and its children, exit status, stderr)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample():
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
                total = sum(p.memory_full_info().pss if pss else p.memory_info().rss for p in processes)
                peak[0] = max(peak[0], total)
            except psutil.Error:
                pass
            time.sleep(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, peak[0], process.returncode, stderr
