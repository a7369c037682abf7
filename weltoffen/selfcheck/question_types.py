"""Answer types of the self-check. Each type owns how its definition is checked,
how a submitted answer is parsed, how it scores and how answers are summarised.

An answer is stored as a JSON `value` plus an optional `special` ("dk": don't know,
"na": not applicable). Scores are 0–100, or None when the answer does not score.
"""

import re
from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

SPECIALS = ("dk", "na")


class DefinitionError(Exception):
    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Parsed:
    value: object = None
    special: str | None = None
    error: str | None = None

    @property
    def blank(self) -> bool:
        return self.value is None and self.special is None


def _text(d, path):
    if not (isinstance(d, dict) and isinstance(d.get("de"), str) and isinstance(d.get("en"), str)):
        raise DefinitionError(path, "needs a German and an English text: {de: …, en: …}")
    if not d["de"].strip() or not d["en"].strip():
        raise DefinitionError(path, "the German and the English text must not be empty")


def _score_value(value, path):
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise DefinitionError(path, "a score must be a number from 0 to 100")


class QuestionType:
    name = ""
    scored = True
    default_required = True

    def check(self, q: dict, path: str) -> None:
        """Raise DefinitionError when the question's own fields are wrong."""

    #: The message for a value that is not one of the choices.
    invalid = _l("Choose one of the options.")

    def parse(self, q: dict, raw: dict) -> Parsed:
        """raw: {"value": str | list[str], "special": str} from a form. Here: one of the
        fixed choices, or "dk"/"na" in the same radio group; other types override it."""
        value = raw.get("value")
        if value in SPECIALS:
            return Parsed(special=value)
        if value in (None, ""):
            return Parsed()
        if not isinstance(value, str) or value not in dict(self.choices(q)):
            return Parsed(error=self.invalid)
        return Parsed(value=self.stored(value))

    def stored(self, value: str):
        """The chosen value as it is stored (scales keep the step index as a number)."""
        return value

    def score(self, q: dict, value) -> float | None:
        return None

    def choices(self, q: dict) -> list[tuple[str, dict]]:
        """(value, {de, en} label) pairs for types with fixed answers."""
        return []

    def summarise(self, q: dict, values: list) -> dict:
        """Distribution of real answers: {"n": …, "counts": {value: n}}."""
        counts = Counter(str(v) for v in values if v is not None)
        return {"n": sum(counts.values()), "counts": dict(counts)}

    @staticmethod
    def _special(raw: dict):
        special = raw.get("special") or None
        if isinstance(special, list):
            special = [s for s in special if s] or None
            if special and len(special) > 1:
                return None, _l("Choose either “don't know” or “not applicable”, not both.")
            special = special[0] if special else None
        if special is not None and special not in SPECIALS:
            return None, _l("Unknown answer.")
        return special, None


class Scale(QuestionType):
    name = "scale"

    def check(self, q, path):
        steps = q.get("steps")
        if not isinstance(steps, list) or not 2 <= len(steps) <= 7:
            raise DefinitionError(f"{path}.steps", "a scale needs 2 to 7 steps")
        for i, step in enumerate(steps):
            _text(step, f"{path}.steps[{i}]")

    def choices(self, q):
        return [(str(i), step) for i, step in enumerate(q["steps"])]

    invalid = _l("Choose one of the steps.")

    def stored(self, value: str):
        return int(value)

    def score(self, q, value):
        return 100.0 * value / (len(q["steps"]) - 1)


class YesPartlyNo(QuestionType):
    name = "yes_partly_no"
    SCORES = {"yes": 100.0, "partly": 50.0, "no": 0.0}
    LABELS = {
        "yes": {"de": "Ja", "en": "Yes"},
        "partly": {"de": "Teilweise", "en": "Partly"},
        "no": {"de": "Nein", "en": "No"},
    }

    def choices(self, q):
        return list(self.LABELS.items())

    invalid = _l("Choose yes, partly or no.")

    def score(self, q, value):
        return self.SCORES[value]


class _Options(QuestionType):
    def check(self, q, path):
        options = q.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= 12:
            raise DefinitionError(f"{path}.options", "a choice question needs 2 to 12 options")
        keys = set()
        for i, option in enumerate(options):
            where = f"{path}.options[{i}]"
            if not isinstance(option, dict):
                raise DefinitionError(where, "an option needs key, label and score")
            key = option.get("key")
            if not isinstance(key, str) or not key or key in SPECIALS:
                raise DefinitionError(f"{where}.key", "an option needs a key (not dk or na)")
            if key in keys:
                raise DefinitionError(f"{where}.key", f"duplicate option key “{key}”")
            keys.add(key)
            extra = sorted(set(option) - {"key", "label", "score", "exclusive"})
            if extra:
                raise DefinitionError(f"{where}.{extra[0]}", "unknown key")
            _text(option.get("label"), f"{where}.label")
            _score_value(option.get("score"), f"{where}.score")
            if "exclusive" in option and (
                self.name != "multiple_choice" or not isinstance(option["exclusive"], bool)
            ):
                raise DefinitionError(
                    f"{where}.exclusive", "true or false, for multiple choice only"
                )

    def choices(self, q):
        return [(o["key"], o["label"]) for o in q["options"]]

    def _scores(self, q):
        return {o["key"]: float(o["score"]) for o in q["options"]}


class SingleChoice(_Options):
    name = "single_choice"

    def check(self, q, path):
        super().check(q, path)
        if not any(o["score"] == 100 for o in q["options"]):
            raise DefinitionError(f"{path}.options", "one option must score 100")

    def score(self, q, value):
        return self._scores(q)[value]


class MultipleChoice(_Options):
    name = "multiple_choice"

    def parse(self, q, raw):
        values = raw.get("value") or []
        if isinstance(values, str):
            values = [values]
        special, error = self._special(raw)
        if error:
            return Parsed(error=error)
        chosen = [v for v in values if v]
        if special:
            if chosen:
                return Parsed(error=_l("Either choose options or “don't know” / “not applicable”."))
            return Parsed(special=special)
        known = self._scores(q)
        if any(v not in known for v in chosen):
            return Parsed(error=_l("Choose from the options shown."))
        exclusive = {o["key"] for o in q["options"] if o.get("exclusive")}
        if len(chosen) > 1 and exclusive & set(chosen):
            return Parsed(error=_l("“None of these” cannot be combined with other options."))
        if not chosen:
            return Parsed()
        return Parsed(value=[k for k in known if k in chosen])  # definition order

    def score(self, q, value):
        scores = self._scores(q)
        return min(100.0, sum(scores[v] for v in value))

    def summarise(self, q, values):
        counts = Counter(v for chosen in values if chosen for v in chosen)
        return {"n": sum(1 for v in values if v is not None), "counts": dict(counts)}


class Number(QuestionType):
    name = "number"

    @property
    def scored(self):  # only with score_from; decided per question in is_scored()
        return True

    def check(self, q, path):
        lo, hi = q.get("min"), q.get("max")
        for key, v in (("min", lo), ("max", hi)):
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise DefinitionError(
                    f"{path}.{key}", "a number question needs numeric min and max"
                )
        if not lo < hi:
            raise DefinitionError(f"{path}.max", "max must be greater than min")
        if "unit" in q:
            _text(q["unit"], f"{path}.unit")
        steps = q.get("score_from")
        if steps is None:
            return
        if not isinstance(steps, list) or not steps:
            raise DefinitionError(f"{path}.score_from", "a list of {at_least, score}")
        previous = None
        for i, step in enumerate(steps):
            where = f"{path}.score_from[{i}]"
            at_least = step.get("at_least") if isinstance(step, dict) else None
            if isinstance(at_least, bool) or not isinstance(at_least, int | float):
                raise DefinitionError(f"{where}.at_least", "must be a number")
            if previous is not None and at_least <= previous:
                raise DefinitionError(f"{where}.at_least", "must be ascending")
            previous = at_least
            _score_value(step.get("score"), f"{where}.score")
        if steps[0]["at_least"] > lo:
            raise DefinitionError(f"{path}.score_from[0].at_least", "must not be above min")

    def parse(self, q, raw):
        special, error = self._special(raw)
        text = (raw.get("value") or "").strip() if isinstance(raw.get("value"), str) else ""
        if error:
            return Parsed(error=error)
        if special:
            if text:
                return Parsed(error=_l("Either give a number or “don't know” / “not applicable”."))
            return Parsed(special=special)
        if not text:
            return Parsed()
        number = parse_number(text)
        if number is None:
            return Parsed(error=_l("Enter a number."))
        if not q["min"] <= number <= q["max"]:
            return Parsed(
                error=_l(
                    "Enter a number from %(min)s to %(max)s.",
                    min=f"{q['min']:g}",
                    max=f"{q['max']:g}",
                )
            )
        return Parsed(value=int(number) if number.is_integer() else number)

    def score(self, q, value):
        steps = q.get("score_from")
        if not steps:
            return None
        result = None
        for step in steps:
            if value >= step["at_least"]:
                result = float(step["score"])
        return result

    def summarise(self, q, values):
        numbers = sorted(v for v in values if v is not None)
        if not numbers:
            return {"n": 0}
        mid = len(numbers) // 2
        median = numbers[mid] if len(numbers) % 2 else (numbers[mid - 1] + numbers[mid]) / 2
        return {"n": len(numbers), "min": numbers[0], "max": numbers[-1], "median": median}


class Text(QuestionType):
    name = "text"
    scored = False
    default_required = False
    MAX = 4000

    def parse(self, q, raw):
        text = raw.get("value")
        text = text.strip() if isinstance(text, str) else ""
        if len(text) > self.MAX:
            return Parsed(error=_l("At most %(n)d characters.", n=self.MAX))
        return Parsed(value=text or None)

    def summarise(self, q, values):
        return {"n": sum(1 for v in values if v)}


def parse_number(text: str) -> float | None:
    """German or English notation: 1.234,5 / 1234,5 / 1234.5 / 1.000 (thousand)."""
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


TYPES: dict[str, QuestionType] = {
    t.name: t for t in (Scale(), YesPartlyNo(), SingleChoice(), MultipleChoice(), Number(), Text())
}


def is_scored(q: dict) -> bool:
    """Does this question count towards scores? (weight 0 or unscored types do not)"""
    qtype = TYPES[q["type"]]
    if not qtype.scored or q.get("weight", 1) == 0:
        return False
    return q["type"] != "number" or bool(q.get("score_from"))


def is_required(q: dict) -> bool:
    return bool(q.get("required", TYPES[q["type"]].default_required))
