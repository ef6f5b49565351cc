"""Benchmark: ``kg build`` of one big text file end to end, streamed, against a file a tenth of its size.

Run: .venv/bin/python bench/bench_big_input.py [--mb 100]

Writes a ``--mb`` MB Chinese text and a ``--mb``/10 MB one (lines of the shared corpus, or the sample when it is
absent, one paragraph per blank-line separated line), then runs ``kg build FILE --jobs 1`` on each in a fresh
process and prints its peak memory (RSS), time and triples. Text files over :data:`kg.read.STREAM_BYTES` are
read and extracted a part at a time, so peak memory should stay about flat as the file grows tenfold.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "unpc-dev.zh.txt"
SAMPLE = ROOT / "data" / "E-2009-100.zh.txt"
# Runs the command and prints its peak memory in MB (the largest child's RSS) and its exit code.
_PEAK = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, code)")


def _write(path: Path, megabytes: float, block: bytes) -> float:
    with path.open("wb") as handle:
        while handle.tell() < megabytes * 1_000_000:
            handle.write(block)
    return path.stat().st_size / 1e6


def _build(path: Path, out: Path) -> dict:
    kg = str(Path(sys.executable).parent / "kg")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, kg, "build", str(path), "--out", str(out), "--quiet",
                           "--jobs", "1"], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak, code = done.stdout.split()[-2:]
    triples = (out / "triples.jsonl").read_text(encoding="utf-8").count("\n") if code == "0" else 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    return {"peak_mb": int(peak), "code": int(code), "seconds": seconds, "triples": triples, "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100)
    args = parser.parse_args()
    from kg.read import PART_CHARS, STREAM_BYTES

    source = CORPUS if CORPUS.exists() else SAMPLE
    block = ("\n\n".join(source.read_text(encoding="utf-8").splitlines()) + "\n\n").encode()
    print(f"text from {source.name}; streamed over {STREAM_BYTES / 1e6:g} MB, parts of {PART_CHARS:,} characters")
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in (args.mb / 10, args.mb):
            path = Path(tmp) / f"big-{megabytes:g}.zh.txt"
            size = _write(path, megabytes, block)
            figures[megabytes] = result = _build(path, Path(tmp) / f"out-{megabytes:g}")
            path.unlink()
            print(f"{size:.1f} MB: exit {result['code']}, {result['seconds']:.0f} s "
                  f"({size / result['seconds']:.2f} MB/s), peak memory {result['peak_mb']} MB, "
                  f"{result['triples']:,} triples rows{'; ' + result['errors'][0][-100:] if result['errors'] else ''}",
                  flush=True)
    small, big = figures[args.mb / 10], figures[args.mb]
    print(f"peak memory x{big['peak_mb'] / max(small['peak_mb'], 1):.2f} for a file 10x larger")
    return 0


if __name__ == "__main__":
    sys.exit(main())
