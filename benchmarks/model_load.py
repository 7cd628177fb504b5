"""The sentence embedder as newsdossier runs it (plain torch) beside sentence-transformers, in one run.

    .venv/bin/python -m benchmarks.model_load [N]     # N PolNeAR sentences to embed (default 1000)

Each way runs in a fresh process (a worker's start): the time to import and load the model, the
resident memory once loaded, the time to embed N sentences on one thread, and the peak resident
memory by then. The two sets of
vectors are compared too.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._shared import EVAL

CHILD = r"""
import json, resource, sys, time
start = time.perf_counter()
import numpy as np
import torch
torch.set_num_threads(1)
texts = json.load(open(sys.argv[2], encoding="utf-8"))
if sys.argv[1] == "sentence-transformers":
    from sentence_transformers import SentenceTransformer
    from newsdossier.embed import model_path
    model = SentenceTransformer(str(model_path()), device="cpu")
    encode = lambda t: model.encode(t, normalize_embeddings=True, batch_size=32)
else:
    from newsdossier.embed import embed, load_embedder
    load_embedder()
    encode = embed
loaded = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
start = time.perf_counter()
vectors = encode(texts)
embedded = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
np.save(sys.argv[3], vectors)
print(json.dumps({"load": loaded, "rss": rss, "embed": embedded, "peak": peak}))
"""


def sentences(count: int) -> list[str]:
    out = []
    for f in sorted((EVAL / "polnear" / "dev" / "text").glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if len(line.split()) >= 5:
                out.append(line.strip()[:600])
            if len(out) == count:
                return out
    return out


def main(argv: list[str]) -> int:
    import numpy as np

    count = int(argv[0]) if argv else 1000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "texts.json").write_text(json.dumps(sentences(count)), encoding="utf-8")
        figures = {}
        for way in ("sentence-transformers", "newsdossier"):
            out = subprocess.run([sys.executable, "-c", CHILD, way, str(work / "texts.json"), str(work / f"{way}.npy")],
                                 check=True, capture_output=True, text=True)
            figures[way] = json.loads(out.stdout.strip().splitlines()[-1])
        difference = float(np.abs(np.load(work / "sentence-transformers.npy") - np.load(work / "newsdossier.npy")).max())
    print(f"command: .venv/bin/python -m benchmarks.model_load {count}")
    for way, f in figures.items():
        print(f"{way:22s} load {f['load']:5.2f} s   RSS loaded {f['rss'] / 2**20:5.0f} MiB   "
              f"embed {count} sentences {f['embed']:5.2f} s   peak RSS {f['peak'] / 2**20:5.0f} MiB")
    st, ours = figures["sentence-transformers"], figures["newsdossier"]
    print(f"load time, newsdossier ÷ sentence-transformers: {ours['load'] / st['load']:.2f}")
    print(f"RSS loaded, newsdossier ÷ sentence-transformers: {ours['rss'] / st['rss']:.2f}")
    print(f"peak RSS, newsdossier ÷ sentence-transformers: {ours['peak'] / st['peak']:.2f}")
    print(f"embedding time, newsdossier ÷ sentence-transformers: {ours['embed'] / st['embed']:.2f}")
    print(f"largest difference between the vectors: {difference:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
