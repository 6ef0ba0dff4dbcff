"""Primary keys: time-ordered UUIDs (version 7, RFC 9562).

A random (version 4) key lands at a random place in every index that holds
it, so each insert touches a different page; keys made one after another in
time sort one after another, so a bulk import appends to its indexes and its
foreign-key checks find their targets close together. They are still unique
without coordination and reveal only the time of creation to the millisecond.
"""

import os
import time
import uuid

_RANDOM_BITS = 74  # rand_a (12 bits) and rand_b (62 bits) of RFC 9562
_last_ms = 0
_last_random = 0


def uuid7() -> uuid.UUID:
    """A version 7 UUID: 48 bits of Unix milliseconds, the version, 74 random bits.

    Within one millisecond this process increments the previous random field
    instead of drawing a new one (RFC 9562, method 2), so its ids strictly increase.
    """
    global _last_ms, _last_random
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        ms, random = _last_ms, _last_random + 1
    else:
        random = int.from_bytes(os.urandom(10), "big") >> (80 - _RANDOM_BITS)
    _last_ms, _last_random = ms, random
    rand_a, rand_b = random >> 62, random & ((1 << 62) - 1)
    value = ms << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)
