"""Pausing Python's cyclic garbage collector while a big batch of objects is built.

An import, a linkage run or a whole-population evaluation of the learning checks
allocates millions of small objects (rows, pairs, matches) and keeps them until
it is done. They hold no reference cycles, so reference counting frees them; the
collector's full passes only walk an ever larger heap for nothing. That was a
third of the time spent validating an extract, of grouping linkage pairs, and of
turning a check's 400,000 matches into Python objects. Collection resumes
afterwards, and anything cyclic made meanwhile is collected then.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block; nested pauses are harmless."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
