"""Run a command and measure it: wall time and the peak resident memory of its process tree."""
from __future__ import annotations

import subprocess
import threading
import time

import psutil


def run_measured(command: list[str], interval: float = 0.2) -> tuple[float, int, int, bytes]:
    """(seconds, peak RSS in bytes of the process and its children, exit status, stderr)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample():
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                total = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
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
