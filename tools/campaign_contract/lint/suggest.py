"""Did you mean: the one allowed spelling a near miss most likely stands for, or nothing.

A pure function over strings, shared by the schema's messages (enum values, unknown keys), the
configuration's messages and the safe fixes, which may replace a value only when exactly one
spelling is meant. It tries, in order: the same letters in another case (`SAT`, `Manual`), an
abbreviation or a full form (`sunday`, `Thurs`, `weds`, `warnings`, `warn`), then a typo close
enough (`manul`, `send_amout`, `sendAmount`); a step that finds two candidates stops the search
with no suggestion, as a tie is a guess.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Final

MIN_PREFIX: Final = 3
"""Shortest word or allowed value that counts as an abbreviation ("mon", not "mo")."""
CUTOFF: Final = 0.75
"""Least `difflib` similarity for a typo (of the letters folded to one case)."""


def _fold(text: str) -> str:
    return text.strip().casefold().replace("-", "_").replace(" ", "_")


def suggest(word: str, allowed: Iterable[str]) -> str | None:
    """The single spelling in `allowed` that `word` most likely means, or None.

    None when `word` is itself allowed, when nothing is close, and when two spellings are
    equally likely."""
    return _suggest(word, tuple(allowed))


@functools.lru_cache(maxsize=1024)
def _suggest(word: str, allowed: tuple[str, ...]) -> str | None:
    """`suggest`, remembered: a pure function of its arguments (so never stale), asked twice
    for each enum near miss (the message, then its fix) and again for each file that repeats
    a misspelling; a typo costs a `difflib` comparison with every allowed spelling."""
    choices = [choice for choice in dict.fromkeys(allowed) if choice != word]
    if len(choices) < len(list(dict.fromkeys(allowed))):
        return None  # `word` is allowed as it is
    folded = _fold(word)
    by_fold: dict[str, list[str]] = {}
    for choice in choices:
        by_fold.setdefault(_fold(choice), []).append(choice)
    same = by_fold.get(folded, [])
    if same:
        return same[0] if len(same) == 1 else None
    if len(folded) >= MIN_PREFIX:
        short = [
            key
            for key in by_fold
            if len(key) >= MIN_PREFIX and (folded.startswith(key) or key.startswith(folded))
        ]
        if short:
            return _single(short, by_fold)
    return _typo(folded, by_fold)


def _single(keys: list[str], by_fold: dict[str, list[str]]) -> str | None:
    spellings = [spelling for key in keys for spelling in by_fold[key]]
    return spellings[0] if len(spellings) == 1 else None


def _typo(folded: str, by_fold: dict[str, list[str]]) -> str | None:
    import difflib  # noqa: PLC0415 - only an unknown name needs it

    matcher = difflib.SequenceMatcher(b=folded)
    scored = []
    for key in by_fold:
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                scored.append((ratio, key))
    if not scored:
        return None
    best = max(ratio for ratio, _ in scored)
    return _single([key for ratio, key in scored if ratio == best], by_fold)
