"""How well a grouping of records into persons matches the truth: pairwise and per child."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        real = self.true_positives + self.false_negatives
        return self.true_positives / real if real else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for group in groups:
        members = sorted(group)
        for i, left in enumerate(members):
            for right in members[i + 1 :]:
                out.add((left, right))
    return out


def pairwise_scores(
    predicted: Iterable[Iterable[str]], truth: Mapping[str, object]
) -> PairwiseScores:
    """Pairs of records put in one person, against pairs that are one human (truth: id -> key)."""
    by_key: dict[object, list[str]] = {}
    for uid, key in truth.items():
        by_key.setdefault(key, []).append(uid)
    real = _pairs(by_key.values())
    found = _pairs(predicted)
    tp = len(real & found)
    return PairwiseScores(tp, len(found) - tp, len(real) - tp)


def share_whole(
    predicted: Iterable[Iterable[str]], truth: Mapping[str, object], keys: Iterable[object]
) -> float:
    """The share of `keys` (e.g. the children) whose records are exactly one predicted group."""
    group_of: dict[str, int] = {}
    sizes: dict[int, int] = {}
    for n, group in enumerate(predicted):
        members = list(group)
        for uid in members:
            group_of[uid] = n
        sizes[n] = len(members)
    records_of: dict[object, list[str]] = {}
    for uid, key in truth.items():
        records_of.setdefault(key, []).append(uid)
    wanted = list(keys)
    whole = 0
    for key in wanted:
        uids = records_of.get(key, [])
        if not uids:
            continue
        if len(uids) == 1 and uids[0] not in group_of:
            whole += 1  # one record, grouped with nobody: whole
            continue
        groups = {group_of.get(u, -1) for u in uids}
        if len(groups) == 1 and -1 not in groups and sizes[groups.pop()] == len(uids):
            whole += 1
    return whole / len(wanted) if wanted else 1.0
