"""Profile: the CPU time of each stage of a corpus build, in one process, a stage over the whole corpus at a time.

Stages: start-up (imports, ontology, both pipelines: what each worker pays once), read, extract, render (the
shards), store (bulk loads of the shards' N-Triples into a new store), gather (the shards' records for
``graph.ttl``, which a build does as each document arrives), merge (the four outputs from the shards).
CPU time (``time.process_time``), not wall time: the machine is shared, and other processes' load changes wall
time far more than CPU time. ``--profile STAGE`` runs that stage under cProfile and prints its top functions.

Run: .venv/bin/python bench/profile_build.py CORPUS [--limit N] [--profile extract] [--repeat 3]
(a corpus: ``bench/bench_corpus.py --work DIR`` keeps its corpora in DIR/corpus-N).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

STAGES = ("start-up", "read", "extract", "render", "store", "gather", "merge")


def timed(stage: str, profile: str | None, work: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds of ``work()`` and its result; under cProfile if ``stage`` is the one to profile."""
    profiler = cProfile.Profile() if stage == profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    result = work()
    if profiler:
        profiler.disable()
    seconds = time.process_time() - started
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return seconds, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="the first N files only")
    parser.add_argument("--profile", choices=STAGES, help="run this stage under cProfile")
    parser.add_argument("--repeat", type=int, default=1, help="run the stages after start-up this many times")
    args = parser.parse_args()
    seconds, _ = timed("start-up", args.profile, lambda: _start())
    print(f"{'start-up':>9} {seconds:7.2f} s")
    from kg.build import Extractor, _write_outputs, input_files
    from kg.read import read_document
    from kg.rdfstream import MergedGraph
    from kg.shard import RepeatFilter, ShardWriter, read_records, read_sections, write_shard
    from kg.store import bulk_load_documents, open_store

    extractor = Extractor()
    for language in ("zh", "en"):
        extractor.pipeline(language)
    files = input_files([args.corpus])[:args.limit or None]
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    print(f"{len(files)} files, {megabytes:.2f} MB")
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="kg-profile-") as tmp:
            folder = Path(tmp)
            figures = {}
            figures["read"], documents = timed("read", args.profile, lambda: [read_document(p) for p in files])
            figures["extract"], graphs = timed("extract", args.profile,
                                               lambda: [extractor.extract(d) for d in documents])
            writer = ShardWriter()

            def render() -> list[tuple[str, int, str, str]]:
                built = []
                for order, graph in enumerate(graphs):
                    shard = folder / f"{order}.shard"
                    header = write_shard(shard, str(order), graph, extractor.ontology, writer)
                    built.append((graph.document.id, order, str(shard), str(order), header))
                return built

            figures["render"], rendered = timed("render", args.profile, render)
            store = open_store(folder / "store")
            figures["store"], _ = timed("store", args.profile, lambda: [bulk_load_documents(store, [
                (header["graph"], read_sections(shard, ("ntriples",))["ntriples"], key, True)
                for _, _, shard, key, header in rendered[i:i + 200]]) for i in range(0, len(rendered), 200)])
            prefixes = {prefix for *_, header in rendered for prefix in header["prefixes"]}
            built = [entry[:4] for entry in rendered]
            merged, repeats = MergedGraph(folder), RepeatFilter()
            figures["gather"], _ = timed("gather", args.profile,
                                         lambda: [merged.add(read_records(shard, repeats)) for _, _, shard, _ in built])
            figures["merge"], _ = timed("merge", args.profile,
                                        lambda: _write_outputs(built, prefixes, folder / "out", merged))
            print("  ".join(f"{stage} {seconds:6.2f} s ({seconds / len(files) * 1000:5.1f} ms/doc)"
                            for stage, seconds in figures.items()))
    return 0


def _start() -> None:
    """What a worker does before its first document."""
    from kg.build import Extractor

    extractor = Extractor()
    for language in ("zh", "en"):
        extractor.pipeline(language)


if __name__ == "__main__":
    sys.exit(main())
