"""Reading and checking questionnaire files (format: questionnaires/README.md).

`load_file` returns the checked definition as plain data, or raises DefinitionError
naming the file, the path inside it (e.g. dimensions[3].questions[2].options) and
the reason. Nothing here touches the database."""

import hashlib
import json
import re
from pathlib import Path

import yaml

from .question_types import TYPES, DefinitionError, _score_value, _text, is_scored

KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
FILE_NAME = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]{0,79})\.v(?P<version>[1-9][0-9]*)\.ya?ml$")
TOP_KEYS = {"slug", "version", "title", "description", "score_bands", "scales", "dimensions"}
BAND_KEYS = {"key", "min", "label"}
DIMENSION_KEYS = {"key", "title", "description", "weight", "recommendations", "questions"}
QUESTION_KEYS = {
    "key",
    "type",
    "text",
    "help",
    "weight",
    "required",
    "steps",
    "scale",
    "options",
    "min",
    "max",
    "unit",
    "score_from",
    "evidence",
}
#: Fields that only some answer types take.
TYPE_FIELDS = {
    "steps": {"scale"},
    "scale": {"scale"},
    "options": {"single_choice", "multiple_choice"},
    "min": {"number"},
    "max": {"number"},
    "unit": {"number"},
    "score_from": {"number"},
}
#: Where a question's answer can be read from besides the team's knowledge
#: (`evidence: dialogue`: the municipality's recorded dialogue processes).
EVIDENCE_SOURCES = ("dialogue",)
MAX_BYTES = 2 * 1024 * 1024


class QuestionnaireError(Exception):
    def __init__(self, file: str, path: str, reason: str):
        super().__init__(f"{file}: {path}: {reason}")
        self.file, self.path, self.reason = file, path, reason


def load_file(path: Path) -> dict:
    """Parse and check a questionnaire file; raises QuestionnaireError."""
    name = path.name
    match = FILE_NAME.match(name)
    if not match:
        raise QuestionnaireError(
            name, "(file name)", "must be <slug>.v<N>.yaml, e.g. weltoffene-kommune.v1.yaml"
        )
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise QuestionnaireError(name, "(file)", "larger than 2 MB")
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise QuestionnaireError(name, "(file)", "not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        reason = getattr(exc, "problem", None) or str(exc)
        raise QuestionnaireError(name, where, f"bad YAML: {reason}") from None
    try:
        definition = check(doc)
    except DefinitionError as exc:
        raise QuestionnaireError(name, exc.path, exc.reason) from None
    if definition["slug"] != match["slug"]:
        raise QuestionnaireError(
            name, "slug", f"“{definition['slug']}” does not match the file name"
        )
    if definition["version"] != int(match["version"]):
        raise QuestionnaireError(
            name,
            "version",
            f"{definition['version']} does not match the file name (v{match['version']})",
        )
    return definition


def _unknown(obj: dict, allowed: set, path: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise DefinitionError(f"{path}.{extra[0]}" if path else extra[0], "unknown key")


def _entry(obj, path: str, allowed: set, needs: str, seen: set, what: str) -> str:
    """Check a mapping with a unique `key` (band, dimension, question); returns the key."""
    if not isinstance(obj, dict):
        raise DefinitionError(path, f"needs {needs}")
    _unknown(obj, allowed, path)
    key = obj.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        raise DefinitionError(f"{path}.key", "lower-case letters, digits and _")
    if key in seen:
        raise DefinitionError(f"{path}.key", f"duplicate {what} key “{key}”")
    seen.add(key)
    return key


def _number(value, path, *, positive=False, minimum=0):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DefinitionError(path, "must be a number")
    if positive and value <= 0:
        raise DefinitionError(path, "must be greater than 0")
    if value < minimum:
        raise DefinitionError(path, f"must be at least {minimum}")


def check(doc) -> dict:
    """Check a parsed document; returns it with defaults filled in."""
    if not isinstance(doc, dict):
        raise DefinitionError("(top)", "the file must contain a mapping with slug, version, …")
    _unknown(doc, TOP_KEYS, "")
    for key in ("slug", "version", "title", "score_bands", "dimensions"):
        if key not in doc:
            raise DefinitionError(key, "missing")
    if not isinstance(doc["slug"], str) or not re.fullmatch(
        r"[a-z0-9][a-z0-9-]{0,79}", doc["slug"]
    ):
        raise DefinitionError("slug", "lower-case letters, digits and hyphens")
    if (
        isinstance(doc["version"], bool)
        or not isinstance(doc["version"], int)
        or doc["version"] < 1
    ):
        raise DefinitionError("version", "must be a whole number ≥ 1")
    _text(doc["title"], "title")
    if "description" in doc:
        _text(doc["description"], "description")
    bands = _check_bands(doc["score_bands"])
    scales = _check_scales(doc.get("scales", {}))
    band_keys = [b["key"] for b in bands]
    dimensions = doc["dimensions"]
    if not isinstance(dimensions, list) or not dimensions:
        raise DefinitionError("dimensions", "at least one dimension")
    dimension_keys: set[str] = set()
    question_keys: set[str] = set()
    for i, dim in enumerate(dimensions):
        _check_dimension(
            dim, f"dimensions[{i}]", band_keys, dimension_keys, question_keys, scales
        )
    return doc


def _check_bands(bands) -> list:
    if not isinstance(bands, list) or not bands:
        raise DefinitionError("score_bands", "at least one band")
    previous, keys = None, set()
    for i, band in enumerate(bands):
        path = f"score_bands[{i}]"
        _entry(band, path, BAND_KEYS, "key, min and label", keys, "band")
        _score_value(band.get("min"), f"{path}.min")
        if i == 0 and band["min"] != 0:
            raise DefinitionError(f"{path}.min", "the first band starts at 0")
        if previous is not None and band["min"] <= previous:
            raise DefinitionError(f"{path}.min", "bands must ascend")
        previous = band["min"]
        _text(band.get("label"), f"{path}.label")
    return bands


def _check_scales(scales) -> dict:
    """Named scales: {name: [steps]}; a scale question refers to one by `scale: name`."""
    if not isinstance(scales, dict):
        raise DefinitionError("scales", "a mapping of scale names to their steps")
    for name, steps in scales.items():
        if not isinstance(name, str) or not KEY.match(name):
            raise DefinitionError(f"scales.{name}", "lower-case letters, digits and _")
        TYPES["scale"].check({"steps": steps}, f"scales.{name}")
    return scales


def _check_dimension(dim, path, band_keys, dimension_keys, question_keys, scales) -> None:
    _entry(dim, path, DIMENSION_KEYS, "key, title, recommendations and questions", dimension_keys, "dimension")
    _text(dim.get("title"), f"{path}.title")
    if "description" in dim:
        _text(dim["description"], f"{path}.description")
    dim.setdefault("weight", 1)
    _number(dim["weight"], f"{path}.weight", positive=True)
    recommendations = dim.get("recommendations")
    if not isinstance(recommendations, dict):
        raise DefinitionError(f"{path}.recommendations", "one text per score band")
    for band in band_keys:
        if band not in recommendations:
            raise DefinitionError(f"{path}.recommendations", f"missing the band “{band}”")
        _text(recommendations[band], f"{path}.recommendations.{band}")
    for extra in set(recommendations) - set(band_keys):
        raise DefinitionError(f"{path}.recommendations.{extra}", "no such score band")
    questions = dim.get("questions")
    if not isinstance(questions, list) or not questions:
        raise DefinitionError(f"{path}.questions", "at least one question")
    for j, q in enumerate(questions):
        _check_question(q, f"{path}.questions[{j}]", question_keys, scales)
    if not any(is_scored(q) for q in questions):
        raise DefinitionError(f"{path}.questions", "at least one question must be scored")


def _check_question(q, path, question_keys, scales) -> None:
    _entry(q, path, QUESTION_KEYS, "key, type and text", question_keys, "question")
    qtype = TYPES.get(q.get("type"))
    if qtype is None:
        raise DefinitionError(
            f"{path}.type", f"unknown type “{q.get('type')}”; use {', '.join(TYPES)}"
        )
    _text(q.get("text"), f"{path}.text")
    if "help" in q:
        _text(q["help"], f"{path}.help")
    q.setdefault("weight", 1)
    _number(q["weight"], f"{path}.weight")
    if "required" in q and not isinstance(q["required"], bool):
        raise DefinitionError(f"{path}.required", "true or false")
    for field_name, types in TYPE_FIELDS.items():
        if field_name in q and q["type"] not in types:
            raise DefinitionError(f"{path}.{field_name}", f"not used by type {q['type']}")
    if "evidence" in q and q["evidence"] not in EVIDENCE_SOURCES:
        raise DefinitionError(f"{path}.evidence", f"one of {', '.join(EVIDENCE_SOURCES)}")
    if "scale" in q:
        _resolve_scale(q, path, scales)
    qtype.check(q, path)


def _resolve_scale(q, path, scales) -> None:
    """`scale: name` stands for the named scale's steps, copied into the question."""
    if "steps" in q:
        raise DefinitionError(f"{path}.scale", "either steps or a named scale, not both")
    name = q["scale"]
    if not isinstance(name, str) or name not in scales:
        raise DefinitionError(f"{path}.scale", f"no scale “{name}” under scales")
    q["steps"] = [dict(step) for step in scales[name]]


def content_hash(definition: dict) -> str:
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
