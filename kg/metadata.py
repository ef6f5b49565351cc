"""The metadata a UN document carries on its first page: distribution, date, agenda item and title.

The symbol is found by :func:`kg.read.find_symbol`. English and Chinese openings are both understood; Chinese
documents often keep the English distribution block ("Distr.: General 12 May 2009").
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_DATE_EN = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_DATE_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DISTRIBUTION = re.compile(r"Distr\.?\s*:?\s*(General|Limited|Restricted)|(普遍|限制)分发", re.IGNORECASE)
_AGENDA = (
    re.compile(r"agenda\s+item\s+(\d+)(?:\s*\(\s*([a-z])\s*\))?", re.IGNORECASE),
    re.compile(r"\bitem\s+(\d+)(?:\s*\(\s*([a-z])\s*\))?\s+of\s+the\s+(?:provisional\s+|preliminary\s+)?"
               r"(?:agenda|list)", re.IGNORECASE),
    re.compile(r"议程\s*\*?\s*项目\s*(\d+)(?:\s*[(（]\s*([a-z])\s*[)）])?"),
)
# The line that follows a document's title: "Report of the Secretary-General", "Note by the Secretariat", 秘书长的报告.
_AUTHOR_LINE = re.compile(r"^(?:(?:report|note|letter)\s+(?:of|by|dated)\b.{0,80}|.{0,20}的\s*(?:报告|说明))$",
                          re.IGNORECASE)
_OPENING = 2000  # characters of the text the first page's metadata is looked for in


@dataclass(frozen=True)
class Metadata:
    """First-page metadata; empty strings where the document does not say. ``date`` is ISO 8601."""

    date: str = ""
    distribution: str = ""
    agenda_item: str = ""
    title: str = ""


def find_metadata(lines: list[str]) -> Metadata:
    """Distribution, date, agenda item and title from the opening lines of a document (furniture first).

    The date is the one after the distribution mark, else the first full date of the opening (in a text without
    that block, such as the bundled sample, the session's first day). The title is the line before
    "Report of the Secretary-General" (or a Chinese 的报告/的说明), when the lines keep the title page's layout.
    """
    opening = "\n".join(lines)[:_OPENING]
    distribution = _DISTRIBUTION.search(opening)
    date = find_date(opening[distribution.end():distribution.end() + 120]) if distribution else ""
    agenda = next((m for pattern in _AGENDA for m in [pattern.search(opening)] if m), None)
    return Metadata(
        date=date or find_date(opening),
        distribution=_distribution_name(distribution) if distribution else "",
        agenda_item=(agenda.group(1) + (f" ({agenda.group(2).lower()})" if agenda.group(2) else "")) if agenda else "",
        title=_title(lines),
    )


def find_date(text: str) -> str:
    """The first full date of the text (``12 May 2009``, ``2009年5月12日``) as ``YYYY-MM-DD``, or ``""``."""
    found = []
    english = _DATE_EN.search(text)
    if english:
        found.append((english.start(), english.group(3), _MONTHS.index(english.group(2).lower()) + 1,
                      english.group(1)))
    chinese = _DATE_ZH.search(text)
    if chinese:
        found.append((chinese.start(), chinese.group(1), chinese.group(2), chinese.group(3)))
    for _, year, month, day in sorted(found):
        try:
            return datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue  # 31 February: not a date
    return ""


def _distribution_name(match: re.Match) -> str:
    if match.group(1):
        return match.group(1).capitalize()
    return "General" if match.group(2) == "普遍" else "Limited"


def _title(lines: list[str]) -> str:
    used = 0
    for index, line in enumerate(lines):
        used += len(line)
        if used > _OPENING:
            break
        if index and _AUTHOR_LINE.match(line.strip()):
            return lines[index - 1].strip()
    return ""
