"""Benchmark: peak memory of reading a big text file whole, against refusing it over the size limit.

Run: .venv/bin/python bench/bench_big_input.py [--mb 100]

Writes a ``--mb`` MB Chinese text (lines of the shared corpus, or the sample when it is absent), then in fresh
processes: ``read_document`` with the limit lifted (the whole file read, decoded and split), ``read_document``
with the default limit (refused before reading), and ``kg build`` on it (refused; the other files still built).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "unpc-dev.zh.txt"
SAMPLE = ROOT / "data" / "E-2009-100.zh.txt"
PROBE = """
import json, resource, sys, time
from kg.errors import DocumentError
from kg.read import read_document
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    document = read_document(sys.argv[1], max_bytes=int(sys.argv[2]))
    outcome = f"read, {len(document.paragraphs)} paragraphs"
except DocumentError as error:
    outcome = str(error)
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started,
                  "base_mb": base / 1024, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _probe(path: Path, max_bytes: int) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(path), str(max_bytes)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    args = parser.parse_args()
    from kg.read import MAX_DOCUMENT_BYTES

    source = CORPUS if CORPUS.exists() else SAMPLE
    block = ("\n\n".join(source.read_text(encoding="utf-8").splitlines()) + "\n\n").encode()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.zh.txt"
        with big.open("wb") as handle:
            while handle.tell() < args.mb * 1_000_000:
                handle.write(block)
        size = big.stat().st_size / 1e6
        print(f"file: {size:.1f} MB of Chinese text ({source.name}); limit {MAX_DOCUMENT_BYTES / 1e6:g} MB")
        whole = _probe(big, big.stat().st_size)
        refused = _probe(big, MAX_DOCUMENT_BYTES)
        for name, figures in (("read whole (limit lifted)", whole), ("default limit", refused)):
            grew = figures["peak_mb"] - figures["base_mb"]
            print(f"{name}: {figures['outcome'][-90:]}; {figures['seconds']:.1f} s; peak memory grew "
                  f"{grew:.0f} MB ({grew / size:.1f}x the file)")
        good = Path(tmp) / "in"
        good.mkdir()
        big.rename(good / big.name)
        (good / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
        started = time.perf_counter()
        command = ["/usr/bin/env", "python3", "-c",
                   "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
                   "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, code)",
                   str(Path(sys.executable).parent / "kg"), "build", str(good), "--out", str(Path(tmp) / "out"),
                   "--quiet", "--jobs", "1"]
        done = subprocess.run(command, capture_output=True, text=True)
        peak, code = done.stdout.split()[-2:]
        errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
        print(f"kg build (sample + the big file, --jobs 1): exit {code}, {time.perf_counter() - started:.1f} s, "
              f"peak memory {peak} MB; {errors[0][-80:] if errors else 'no error line'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
