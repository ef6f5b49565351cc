"""Benchmark: time `kg build` on the bundled sample, cold (new process) and warm (pipeline loaded), side by side.

Run: .venv/bin/python bench/bench_build.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "E-2009-100.zh.txt"


def main(repeats: int = 5) -> None:
    from kg.build import Extractor, write_outputs, BuildResult
    from kg.read import read_document

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "kg"), "build", str(SAMPLE), "--out", tmp, "--quiet"],
                       check=True, capture_output=True)
        cold = time.perf_counter() - started

        started = time.perf_counter()
        extractor = Extractor()
        extractor.pipeline("zh")
        load = time.perf_counter() - started
        warm = []
        for _ in range(repeats):
            started = time.perf_counter()
            result = BuildResult(graphs=[extractor.extract(read_document(SAMPLE))])
            write_outputs(result, Path(tmp), extractor.ontology)
            warm.append(time.perf_counter() - started)
    size_mb = SAMPLE.stat().st_size / 1e6
    median = statistics.median(warm)
    print(f"sample: {SAMPLE.name}, {size_mb:.3f} MB")
    print(f"cold build (new process, imports + ontology + pipeline): {cold:.2f} s")
    print(f"load ontology and pipeline once: {load:.2f} s")
    print(f"warm build (read, extract, write 4 outputs), median of {repeats}: {median:.3f} s "
          f"({size_mb / median:.2f} MB/s); target < 2 s: {'met' if median < 2 else 'NOT met'}")
    print(f"ratio cold / warm: {cold / median:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
