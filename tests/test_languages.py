"""The annotated dev set (tests/data/unpc-dev-sample.*, see its README): the English and the Chinese of the same
UN sentences, scored against one gold, and the agreement of the two languages' triples.

The floors are what the project reaches (above the issue's targets: organisation recall 0.90, micro F1 0.60,
agreement 0.80 as the scorer matches names): raise them as the rules improve.
"""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.data import DATA, SCORER

GOLD = DATA / "unpc-dev-sample.gold.json"
FLOORS = {"en": {"org_recall": 0.95, "micro_f1": 0.78}, "zh": {"org_recall": 0.94, "micro_f1": 0.77}}
AGREEMENT_FLOOR = 0.74  # entities matched to the gold by exact name
SCORER_AGREEMENT_FLOOR = 0.82  # entities matched as the scorer matches them
_PUNCT = re.compile(r"[\s\-‐‑–—_'’`\".,;:()（）《》“”\[\]/·•]+")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for lang in ("en", "zh"):
        folder = tmp_path_factory.mktemp(lang)
        result = CliRunner().invoke(app, ["build", str(DATA / f"unpc-dev-sample.{lang}.txt"), "--lang", lang,
                                          "--out", str(folder), "--quiet"])
        assert result.exit_code == 0, result.output
        out[lang] = folder / "triples.jsonl"
    return out


def _norm(name: str) -> str:
    return _PUNCT.sub("", re.sub(r"^the\s+", "", unicodedata.normalize("NFKC", name).lower()))


def gold_triples_of(rows: list[dict], names: dict[str, str]) -> set[tuple[str, ...]]:
    """Relations as gold entity ids where a label names a gold entity (else the IRI); partners-with unordered."""
    def side(row: dict, which: str) -> str:
        for label in [row[which], *row[f"{which}_labels"]]:
            if _norm(label) in names:
                return names[_norm(label)]
        return row[f"{which}_iri"]

    out = set()
    for row in rows:
        if row["predicate"] != "mentions":
            s, o = side(row, "subject"), side(row, "object")
            out.add((row["predicate"], *sorted((s, o))) if row["predicate"] == "partners-with" else
                    (row["predicate"], s, o))
    return out


def test_both_languages_state_the_same_triples(built):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    names = {}
    for entity in gold["entities"]:
        for name in [entity["id"], *entity.get("names_en", []), *entity.get("names_zh", [])]:
            names.setdefault(_norm(name), entity["id"])
    english, chinese = (gold_triples_of([json.loads(line) for line in built[lang].read_text(encoding="utf-8")
                                         .splitlines()], names) for lang in ("en", "zh"))
    agreement = len(english & chinese) / len(english | chinese)
    assert english and chinese and agreement >= AGREEMENT_FLOOR, agreement


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the project (CI has it)")
def test_both_languages_agree_as_the_scorer_matches_names(built):
    """The agreement with each side matched to the gold as ``score.py`` matches it, a topic by containment: the
    topic minted from a title in each language ("human resources management reform: mobility", "人力资源管理改革
    概览：流动性") is the gold's topic in both."""
    spec = importlib.util.spec_from_file_location("score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    index = scorer.GoldIndex(json.loads(GOLD.read_text(encoding="utf-8")))

    def relations(path: Path) -> set[tuple[str, ...]]:
        out = set()
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            if row["predicate"] != "mentions":
                s = index.match(scorer.side(row, "subject")) or row["subject_iri"]
                o = index.match(scorer.side(row, "object"), topic=row["object_type"] == "Topic") or row["object_iri"]
                out.add((row["predicate"], *sorted((s, o))) if row["predicate"] in scorer.SYMMETRIC else
                        (row["predicate"], s, o))
        return out

    english, chinese = relations(built["en"]), relations(built["zh"])
    agreement = len(english & chinese) / len(english | chinese)
    assert english and chinese and agreement >= SCORER_AGREEMENT_FLOOR, agreement


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the project (CI has it)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dev_set_score_does_not_drop(built, lang):
    completed = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(built[lang]), "--json"],
                               capture_output=True, text=True, check=True)
    score = json.loads(completed.stdout)
    reached = {"org_recall": score["org_recall"], "micro_f1": score["micro"]["f1"]}
    below = {name: (reached[name], floor) for name, floor in FLOORS[lang].items() if reached[name] < floor}
    assert not below, f"{lang} dev-set score dropped below the floor: {below}"
