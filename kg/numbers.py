"""Chinese numerals and English ordinals to integers, and integers to English ordinal words (for session names)."""
from __future__ import annotations

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
_ONES = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
         "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
         "nineteenth"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TENS_ORDINAL = ["", "tenth", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
                 "eightieth", "ninetieth"]


def chinese_number(text: str) -> int | None:
    """``二十二`` → 22, ``十`` → 10, ``一百零五`` → 105, ``22`` → 22; None if it is not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def english_ordinal(n: int) -> str:
    """22 → ``twenty-second``; numbers of 100 and more as ``105th``, ``7453rd``."""
    if n <= 0 or n >= 100:
        suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS_ORDINAL[tens] if ones == 0 else f"{_TENS[tens]}-{_ONES[ones]}"



_ORDINAL_WORDS = {word: n for n, word in enumerate(_ONES) if word} | {
    word: 10 * n for n, word in enumerate(_TENS_ORDINAL) if word}
_TENS_WORDS = {word: 10 * n for n, word in enumerate(_TENS) if word}


def english_ordinal_number(text: str) -> int | None:
    """``twenty-second`` → 22, ``sixtieth`` → 60, ``105th`` → 105, ``1st`` → 1; None if it is not an ordinal."""
    text = text.lower().replace(" ", "-")
    if text[:-2].isdigit() and text[-2:] in ("st", "nd", "rd", "th"):
        return int(text[:-2])
    if text in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[text]
    tens, _, ones = text.partition("-")
    if tens in _TENS_WORDS and ones in _ORDINAL_WORDS and _ORDINAL_WORDS[ones] < 10:
        return _TENS_WORDS[tens] + _ORDINAL_WORDS[ones]
    return None
