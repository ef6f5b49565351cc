"""Settings: one record per setting, with its default and help. CLI options override them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """What a build uses. Every field has a default; ``kg build`` options override them."""

    ontology_dir: Path | None = field(default=None, metadata={"help": "ontology folder (default: the bundled one)"})
    language: str | None = field(default=None, metadata={"help": "zh or en; detected per document when unset"})
    min_confidence: float = field(default=0.5, metadata={"help": "relations below this confidence are dropped"})
    anaphora: bool = field(default=True, metadata={"help": "resolve zero subjects and 'this initiative' to entities"})


DEFAULT_SETTINGS = Settings()
