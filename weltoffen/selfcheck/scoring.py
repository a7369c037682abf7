"""Scores of a self-check, as questionnaires/README.md defines them. Pure functions:
definition + answers in, numbers out."""

import math
from dataclasses import dataclass, field

from .question_types import TYPES, is_scored


@dataclass(frozen=True)
class DimensionResult:
    key: str
    score: int | None
    band: str | None
    #: Share (0–100) of the dimension's scored weight that had a real answer.
    confidence: float
    answered: int
    total: int


@dataclass(frozen=True)
class Result:
    dimensions: dict[str, DimensionResult] = field(default_factory=dict)
    overall: int | None = None
    confidence: float | None = None


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def band_for(bands: list[dict], score: float | None) -> str | None:
    if score is None:
        return None
    key = bands[0]["key"]
    for band in bands:
        if score >= band["min"]:
            key = band["key"]
    return key


def score_answers(definition: dict, answers: dict) -> Result:
    """answers: {question_key: (value, special)} – the team's answers."""
    dimensions = {}
    all_weight = real_weight = 0.0
    for dim in definition["dimensions"]:
        weighted = weights = dim_all = dim_real = 0.0
        answered = total = 0
        for q in dim["questions"]:
            if not is_scored(q):
                continue
            total += 1
            weight = float(q.get("weight", 1))
            dim_all += weight
            value, special = answers.get(q["key"], (None, None))
            if special or value is None:
                continue
            score = TYPES[q["type"]].score(q, value)
            if score is None:
                continue
            answered += 1
            dim_real += weight
            weighted += weight * score
            weights += weight
        score = round_half_up(weighted / weights) if weights else None
        confidence = round(100.0 * dim_real / dim_all, 1) if dim_all else 0.0
        dimensions[dim["key"]] = DimensionResult(
            dim["key"],
            score,
            band_for(definition["score_bands"], score),
            confidence,
            answered,
            total,
        )
        all_weight += dim_all
        real_weight += dim_real
    scored = [
        (float(d.get("weight", 1)), dimensions[d["key"]].score) for d in definition["dimensions"]
    ]
    scored = [(w, s) for w, s in scored if s is not None]
    overall = (
        round_half_up(sum(w * s for w, s in scored) / sum(w for w, _ in scored)) if scored else None
    )
    confidence = round(100.0 * real_weight / all_weight, 1) if all_weight else None
    return Result(dimensions, overall, confidence)
