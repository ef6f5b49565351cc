"""What the project knows of the Chinese script, in one place: which characters are ideographs, and whether a
Chinese text already has spaces between its words (the UN corpus is segmented; most documents are not)."""
from __future__ import annotations

import re

IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACED_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]\s")
# A text whose ideographs are followed by a space less often than this is not segmented.
_MIN_SPACE_SHARE = 0.15


def is_segmented_text(text: str) -> bool:
    """True when the text puts spaces between Chinese words, or has no Chinese at all."""
    ideographs = len(IDEOGRAPH.findall(text))
    return ideographs == 0 or len(_SPACED_IDEOGRAPH.findall(text)) / ideographs >= _MIN_SPACE_SHARE
