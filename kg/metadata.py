"""The metadata a UN document carries on its first page: distribution, date, agenda item and title.

The symbol is found by :func:`kg.read.find_symbol`. English and Chinese openings are both understood; Chinese
documents often keep the English distribution block ("Distr.: General 12 May 2009"). The patterns are data:
``ontology/rules/metadata.json``.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.ontology import default_ontology_dir, read_rule_file


@dataclass(frozen=True)
class Metadata:
    """First-page metadata; empty strings where the document does not say. ``date`` is ISO 8601."""

    date: str = ""
    distribution: str = ""
    agenda_item: str = ""
    title: str = ""


@dataclass(frozen=True)
class _Rules:
    opening_chars: int
    months: tuple[str, ...]
    dates: tuple[re.Pattern, ...]
    distribution: re.Pattern
    distribution_names: dict[str, str]
    agenda_items: tuple[re.Pattern, ...]
    author_line: re.Pattern


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    spec = read_rule_file(default_ontology_dir() / "rules" / "metadata.json")
    months = "|".join(spec["months"])
    dates = tuple(re.compile(pattern.replace("{months}", months)) for pattern in spec["dates"])
    return _Rules(spec["opening_chars"], tuple(spec["months"]), dates,
                  re.compile(spec["distribution"]["pattern"]), spec["distribution"]["names"],
                  tuple(map(re.compile, spec["agenda_items"])), re.compile(spec["author_line"]))


def find_metadata(lines: list[str]) -> Metadata:
    """Distribution, date, agenda item and title from the opening lines of a document (furniture first).

    The date is the one after the distribution mark, else the first full date of the opening (in a text without
    that block, such as the bundled sample, the session's first day). The title is the line before
    "Report of the Secretary-General" (or a Chinese 的报告/的说明), when the lines keep the title page's layout.
    """
    rules = _rules()
    opening = "\n".join(lines)[:rules.opening_chars]
    distribution = rules.distribution.search(opening)
    date = find_date(opening[distribution.end():distribution.end() + 120]) if distribution else ""
    agenda = next((m for pattern in rules.agenda_items for m in [pattern.search(opening)] if m), None)
    mark = next((g for g in distribution.groups() if g), "") if distribution else ""
    return Metadata(
        date=date or find_date(opening),
        distribution=rules.distribution_names.get(mark.lower(), ""),
        agenda_item=(agenda.group(1) + (f" ({agenda.group(2).lower()})" if agenda.group(2) else "")) if agenda else "",
        title=_title(lines, rules),
    )


def find_date(text: str) -> str:
    """The first full date of the text (``12 May 2009``, ``2009年5月12日``) as ``YYYY-MM-DD``, or ``""``."""
    rules = _rules()
    found = sorted((m.start(), m) for pattern in rules.dates for m in [pattern.search(text)] if m)
    for _, match in found:
        month = match.group("month")
        number = int(month) if month.isdigit() else rules.months.index(month.lower()) + 1
        try:
            return datetime.date(int(match.group("year")), number, int(match.group("day"))).isoformat()
        except ValueError:
            continue  # 31 February: not a date
    return ""


def _title(lines: list[str], rules: _Rules) -> str:
    used = 0
    for index, line in enumerate(lines):
        used += len(line)
        if used > rules.opening_chars:
            break
        if index and rules.author_line.match(line.strip()):
            return lines[index - 1].strip()
    return ""
