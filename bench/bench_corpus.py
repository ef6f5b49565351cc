"""Benchmark: corpus builds of N documents with `kg build --jobs 2`, against the floor measured in the same run.

Generates corpora of N documents (default 100 and 1,000; add 10,000 with --sizes 100,1000,10000) from the
sample's paragraphs and the sentences of the UN Parallel Corpus sample (`../shared/corpus/unpc-dev.{zh,en}.txt`,
which a clone of the repository does not have: give another folder with --corpus, or the benchmark uses the
sample's paragraphs alone and says so). Half the documents are Chinese, half English.

For each N it runs `kg build CORPUS --out OUT --store OUT/store --jobs 2 --quiet` and prints documents/s, MB/s per
core, peak RSS of the whole process tree, store size, and the floor: reading, tokenising and matching the
gazetteer only (one process), as MB/s per core, with the ratio end to end / floor. Targets (issue 7): ≥ 1 MB/s per
core end to end; within 5× of the floor; peak RSS at 10,000 documents within 1.5× of that at 1,000.

The floor is measured two ways, printed side by side, both from one run of a floor process (`--floor CORPUS`):

- *floor, process* (the one the target is judged by): the wall time of that process from its launch to its exit:
  Python's start, the imports, the ontology and both pipelines loaded, then every document read, tokenised and
  matched. End to end is timed the same way (`kg build` from launch to exit), and each of its workers pays that
  start-up too, so this is the floor of a process doing the least a build must do.
- *floor, loop* (the definition before): the read-tokenise-match loop alone, pipelines loaded beforehand. It
  leaves out the seconds of start-up that end to end pays, which at 100 documents are most of a build.

Run: .venv/bin/python bench/bench_corpus.py [--sizes 100,1000] [--jobs 2] [--corpus DIR] [--work DIR]
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "E-2009-100.zh.txt"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
PARAGRAPHS_PER_DOCUMENT = (6, 14)  # drawn uniformly: documents of about 2-8 KB


def sources(corpus: Path) -> dict[str, list[str]]:
    """Paragraph texts by language: the sample's paragraphs, and corpus sentences grouped three by three."""
    from kg.read import read_document

    texts = {"zh": [p.text for p in read_document(SAMPLE).paragraphs if p.number > 0], "en": []}
    for language in ("zh", "en"):
        path = corpus / f"unpc-dev.{language}.txt"
        if path.is_file():
            lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            texts[language] += [" ".join(lines[i:i + 3]) for i in range(0, len(lines), 3)]
    return {language: found for language, found in texts.items() if found}


def generate(folder: Path, count: int, texts: dict[str, list[str]], seed: int = 1) -> int:
    """Write ``count`` documents (symbol A/BENCH/n, numbered paragraphs) into ``folder``; returns their bytes."""
    rng = random.Random(seed)
    languages = sorted(texts)
    size = 0
    for number in range(count):
        language = languages[number % len(languages)]
        paragraphs = rng.choices(texts[language], k=rng.randint(*PARAGRAPHS_PER_DOCUMENT))
        body = "\n\n".join(f"{k}. {text}" for k, text in enumerate(paragraphs, 1))
        path = folder / f"{number // 1000:02d}" / f"doc{number:05d}.{language}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = f"A/BENCH/{number}\n\n{body}\n".encode("utf-8")
        path.write_bytes(data)
        size += len(data)
    return size


def cpu_of_children() -> float:
    """CPU seconds (user and system) used so far by the children this process waited for, and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tree(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess | None]:
    """Run a command; returns (seconds, peak RSS of it and its children in MB, the finished process)."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process] + process.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass  # a worker ended between the listing and the reading
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    stdout, stderr = process.communicate()
    return seconds, peak / 1e6, subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def floor_seconds(folder: Path) -> float:
    """Read, tokenise and match the gazetteer on every document, in this process (pipelines loaded first); returns
    the seconds of the loop alone."""
    from kg.build import Extractor, input_files
    from kg.read import read_document

    extractor = Extractor()
    for language in ("zh", "en"):
        extractor.pipeline(language)
    started = time.perf_counter()
    for path in input_files([folder]):
        document = read_document(path)
        for _ in extractor.pipeline(document.language).pipe(p.text for p in document.paragraphs):
            pass
    return time.perf_counter() - started


def floor_process(folder: Path) -> tuple[float, float]:
    """Run the floor as a process of its own: (seconds from its launch to its exit, seconds of its loop alone)."""
    seconds, _, done = run_tree([sys.executable, __file__, "--floor", str(folder)])
    if done is None or done.returncode != 0:
        raise RuntimeError(f"the floor process failed:\n{done.stderr[-2000:] if done else ''}")
    return seconds, float(done.stdout.split()[-1])


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated (e.g. 100,1000,10000)")
    parser.add_argument("--jobs", type=int, default=2, help="kg build --jobs")
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS, help="folder with unpc-dev.{zh,en}.txt")
    parser.add_argument("--work", type=Path, help="keep corpora and builds here (default: a temporary folder)")
    parser.add_argument("--floor", type=Path, help="run the floor on this corpus and print its loop's seconds")
    args = parser.parse_args()
    if args.floor:
        print(f"{floor_seconds(args.floor):.3f}")
        return 0
    texts = sources(args.corpus)
    if not (args.corpus / "unpc-dev.zh.txt").is_file():
        print(f"note: no UN corpus sentences in {args.corpus}: documents are built from the sample's paragraphs "
              f"alone (Chinese only); give --corpus DIR with unpc-dev.zh.txt and unpc-dev.en.txt")
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    kg = str(ROOT / ".venv" / "bin" / "kg")
    rows = []
    for count in (int(n) for n in args.sizes.split(",")):
        corpus, out = work / f"corpus-{count}", work / f"out-{count}"
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        mb = generate(corpus, count, texts) / 1e6
        cpu = cpu_of_children()
        seconds, rss, done = run_tree([kg, "build", str(corpus), "--out", str(out), "--store", str(out / "store"),
                                       "--jobs", str(args.jobs), "--quiet"])
        cpu = cpu_of_children() - cpu
        if done.returncode != 0:
            print(f"N={count}: kg build failed ({done.returncode}):\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        floor, loop = floor_process(corpus)
        per_core = mb / seconds / args.jobs
        rows.append((count, mb, seconds, count / seconds, per_core, rss, folder_mb(out / "store"), mb / floor,
                     mb / floor / per_core, mb / loop, mb / loop / per_core))
        print(f"N={count}: {done.stdout.strip().splitlines()[0]}", flush=True)
        print(f"N={count}: {cpu:.1f} CPU s in the build's processes, {mb / cpu:.3f} MB per CPU second "
              f"(MB/s per core when nothing else runs; wall time counts what other processes take)", flush=True)
    print(f"\n{'':62} {'floor, process':>23} {'floor, loop (before)':>23}")
    print(f"{'N':>6} {'MB':>7} {'s':>8} {'docs/s':>7} {'MB/s/core':>9} {'peak RSS MB':>11} {'store MB':>8} "
          f"{'MB/s/core':>13} {'e2e/floor':>9} {'MB/s/core':>13} {'e2e/floor':>9}")
    for count, mb, seconds, rate, per_core, rss, store, floor, ratio, loop, loop_ratio in rows:
        print(f"{count:>6} {mb:>7.2f} {seconds:>8.1f} {rate:>7.1f} {per_core:>9.3f} {rss:>11.0f} {store:>8.1f} "
              f"{floor:>13.3f} {ratio:>8.1f}x {loop:>13.3f} {loop_ratio:>8.1f}x")
    slowest = min(r[4] for r in rows)
    worst, worst_loop = max(r[8] for r in rows), max(r[10] for r in rows)
    print(f"\n≥ 1 MB/s per core end to end (--jobs {args.jobs}): {'met' if slowest >= 1 else 'NOT met'} "
          f"(slowest {slowest:.3f})")
    print(f"end to end within 5x of the floor (process): {'met' if worst <= 5 else 'NOT met'} (worst {worst:.1f}x); "
          f"of the loop alone: {'met' if worst_loop <= 5 else 'NOT met'} (worst {worst_loop:.1f}x)")
    peaks = {r[0]: r[5] for r in rows}
    if 1000 in peaks and 10000 in peaks:
        growth = peaks[10000] / peaks[1000]
        print(f"peak RSS 10,000 / 1,000 documents: {growth:.2f} ({'met' if growth <= 1.5 else 'NOT met'}, "
              f"target ≤ 1.5)")
    else:
        print("peak RSS 10,000 / 1,000: run with --sizes 1000,10000 to measure")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
