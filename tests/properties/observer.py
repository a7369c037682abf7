"""The attacker's notebook for the property tests: every release seen, with the true
state of its units at the moment it appeared, and the check that no two of them could
be subtracted to learn about fewer than K units."""

from dataclasses import dataclass, field


def difference(a: dict, b: dict) -> int:
    """Units in one map only, or in both with another state."""
    return sum(1 for u in a.keys() | b.keys() if a.get(u) != b.get(u))


@dataclass
class Notebook:
    k: int
    #: identity of a release -> the true {unit: state} it was computed from
    seen: dict = field(default_factory=dict)

    def saw(self, identity, truth: dict) -> bool:
        """Note a shown release; False when it was seen before."""
        if identity in self.seen:
            return False
        self.seen[identity] = dict(truth)
        return True

    def too_close(self) -> list:
        """Every pair of releases seen that differ by 1 to K-1 units (must be empty)."""
        items = list(self.seen.items())
        return [
            (a, b, d)
            for i, (a, ua) in enumerate(items)
            for b, ub in items[i + 1:]
            if 0 < (d := difference(ua, ub)) < self.k
        ]
