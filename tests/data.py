"""Paths of the test data, in one place."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "data" / "E-2009-100.zh.txt"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "eval" / "E-2009-100.gold.json"
SCORER = SHARED / "eval" / "score.py"
