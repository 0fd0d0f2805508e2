"""Right-to-left text for reportlab: line breaking and word order for Arabic (and Hebrew) text.

reportlab shapes Arabic words with HarfBuzz (joined letters, each word drawn right to left) but, without
its optional ``rlbidi`` module (not on PyPI), lays the words of a line out left to right, so an Arabic
sentence reads backwards. This module breaks such text into lines itself and puts each line's words in
visual order following the Unicode bidi algorithm at word granularity (rules W/N resolved per word,
then L2 reordering per line). A word that mixes strong left-to-right and right-to-left letters without a
space is rare in workshop text and is treated by its first strong letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

LTR = "L"
RTL = "R"

_RTL_CLASSES = {"R", "AL"}


def char_direction(char: str) -> str | None:
    """``"R"`` for a strong right-to-left letter, ``"L"`` for a strong left-to-right one, else ``None``."""
    kind = unicodedata.bidirectional(char)
    if kind in _RTL_CLASSES:
        return RTL
    if kind == "L":
        return LTR
    return None


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letter (and so needs this module's layout)."""
    return any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


def base_direction(text: str) -> str:
    """The paragraph direction: that of its first strong letter (left to right when there is none)."""
    for char in text:
        found = char_direction(char)
        if found is not None:
            return found
    return LTR


def word_direction(word: str) -> str | None:
    """A word's direction from its first strong letter; ``None`` for digits and punctuation only."""
    return base_direction(word) if any(char_direction(c) for c in word) else None


def resolve_directions(words: Sequence[str], base: str) -> list[str]:
    """Each word's direction; neutral words between two words of one direction take it, others the base."""
    raw = [word_direction(w) for w in words]
    resolved: list[str] = []
    for index, direction in enumerate(raw):
        if direction is not None:
            resolved.append(direction)
            continue
        before = next((d for d in reversed(raw[:index]) if d is not None), base)
        after = next((d for d in raw[index + 1 :] if d is not None), base)
        resolved.append(before if before == after else base)
    return resolved


def visual_order(words: Sequence[str], base: str) -> list[str]:
    """The words of one line from left to right as they are to be drawn."""
    directions = resolve_directions(words, base)
    # Word levels: 0 = left to right on a left-to-right line; 1 = right to left; 2 = left to right
    # embedded in a right-to-left line.
    levels = [(0 if d == LTR else 1) if base == LTR else (1 if d == RTL else 2) for d in directions]
    order = list(range(len(words)))
    for level in range(max(levels, default=0), 0, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return [words[i] for i in order]


@dataclass(frozen=True)
class BidiLine:
    """One laid-out line: its words in visual order and the paragraph's direction."""

    words: tuple[str, ...]
    base: str


def break_lines(
    text: str, width: float, measure: Callable[[str], float], cut_width: float | None = None
) -> list[BidiLine]:
    """Break ``text`` (one paragraph, no newlines) into lines no wider than ``width``, in visual order.

    Lines are filled with words in reading (logical) order, so the first words of an Arabic sentence are
    on the first line, then each line is reordered for drawing. A word wider than ``cut_width`` (default
    ``width``) is cut; a word between the two gets a line of its own (cutting an Arabic word in two
    breaks its letters' joining).
    """
    base = base_direction(text)
    space = measure(" ")
    lines: list[list[str]] = []
    current: list[str] = []
    used = 0.0
    for word in _fit_words(text.split(), max(width, cut_width or width), measure):
        size = measure(word)
        needed = size if not current else used + space + size
        if current and needed > width:
            lines.append(current)
            current, used = [word], size
        else:
            current.append(word)
            used = needed
    if current:
        lines.append(current)
    return [BidiLine(tuple(visual_order(line, base)), base) for line in lines]


def _fit_words(words: list[str], width: float, measure: Callable[[str], float]) -> list[str]:
    fitted: list[str] = []
    for word in words:
        while len(word) > 1 and measure(word) > width:
            low, high = 1, len(word) - 1  # the longest prefix that fits (at least one character)
            while low < high:
                middle = (low + high + 1) // 2
                if measure(word[:middle]) <= width:
                    low = middle
                else:
                    high = middle - 1
            fitted.append(word[:low])
            word = word[low:]
        fitted.append(word)
    return fitted
