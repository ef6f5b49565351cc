"""Chinese numerals to integers and integers to English ordinal words (for session names)."""
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
    """22 → ``twenty-second``; numbers of 100 and more as ``105th``."""
    if n <= 0 or n >= 100:
        return f"{n}th"
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS_ORDINAL[tens] if ones == 0 else f"{_TENS[tens]}-{_ONES[ones]}"

