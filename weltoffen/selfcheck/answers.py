"""Answers of the team: each member's own answers (autosaved one by one), the team
answer the lead sets where members differ, comments, progress and the effective
team answer that is scored at submit."""

import json
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from ..extensions import db
from ..platform.db.columns import utcnow
from ..platform.db.upsert import upsert
from .models import Answer, QuestionComment, Submission, TeamAnswer
from .question_types import TYPES, Parsed, is_required, is_scored

EVIDENCE_MAX = 2000


def raw_from_form(form, key: str, prefix: str = "q") -> dict:
    """The fields of one question in a posted form: q-<key>, q-<key>-special, q-<key>-evidence
    (the lead's team-answer form uses the prefix "team")."""
    name = f"{prefix}-{key}"
    values = form.getlist(name)
    return {
        "value": values if len(values) > 1 else (values[0] if values else None),
        "special": form.getlist(f"{name}-special") or None,
        "evidence": form.get(f"{name}-evidence", ""),
    }


def _parse(question: dict, raw: dict) -> tuple[Parsed, str]:
    qtype = TYPES[question["type"]]
    if question["type"] == "multiple_choice" and isinstance(raw.get("value"), str):
        raw = dict(raw, value=[raw["value"]])
    parsed = qtype.parse(question, raw)
    evidence = (raw.get("evidence") or "").strip()
    if len(evidence) > EVIDENCE_MAX:
        parsed = Parsed(error=_l("The evidence note may have at most 2,000 characters."))
    return parsed, evidence


def _mark_started(submission: Submission) -> None:
    db.session.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.status == "not_started")
        .values(status="draft", started_at=utcnow())
    )


def save_answer(submission: Submission, user, question: dict, raw: dict) -> Parsed:
    """Store one member's answer (insert or update in one statement). A blank answer
    without evidence removes it. Returns the parsed answer; `.error` when refused."""
    parsed, evidence = _parse(question, raw)
    if parsed.error:
        return parsed
    if parsed.blank and not evidence:
        db.session.execute(
            delete(Answer).where(
                Answer.submission_id == submission.id,
                Answer.question_key == question["key"],
                Answer.user_id == user.id,
            )
        )
        return parsed
    upsert(
        Answer,
        {
            "submission_id": submission.id,
            "question_key": question["key"],
            "user_id": user.id,
            "value": parsed.value,
            "special": parsed.special,
            "evidence": evidence,
            "updated_at": utcnow(),
        },
        conflict_on=["submission_id", "question_key", "user_id"],
        update=["value", "special", "evidence", "updated_at"],
    )
    _mark_started(submission)
    return parsed


def set_team_answer(submission: Submission, lead, question: dict, raw: dict) -> Parsed:
    """The lead's decision for the team; a blank one removes it again."""
    parsed, evidence = _parse(question, raw)
    if parsed.error:
        return parsed
    if parsed.blank and not evidence:
        db.session.execute(
            delete(TeamAnswer).where(
                TeamAnswer.submission_id == submission.id,
                TeamAnswer.question_key == question["key"],
            )
        )
        return parsed
    upsert(
        TeamAnswer,
        {
            "submission_id": submission.id,
            "question_key": question["key"],
            "value": parsed.value,
            "special": parsed.special,
            "evidence": evidence,
            "set_by_id": lead.id,
            "updated_at": utcnow(),
        },
        conflict_on=["submission_id", "question_key"],
        update=["value", "special", "evidence", "set_by_id", "updated_at"],
    )
    _mark_started(submission)
    return parsed


def add_comment(submission: Submission, user, question_key: str, text: str) -> QuestionComment:
    comment = QuestionComment(
        submission_id=submission.id, question_key=question_key, user_id=user.id, text=text.strip()
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def member_answers(submission: Submission, user) -> dict[str, Answer]:
    rows = db.session.scalars(
        select(Answer).where(Answer.submission_id == submission.id, Answer.user_id == user.id)
    )
    return {a.question_key: a for a in rows}


def answers_by_question(submission: Submission) -> dict[str, list[Answer]]:
    found: dict[str, list[Answer]] = {}
    for answer in db.session.scalars(
        select(Answer).where(Answer.submission_id == submission.id).order_by(Answer.user_id)
    ):
        found.setdefault(answer.question_key, []).append(answer)
    return found


def team_answers(submission: Submission) -> dict[str, TeamAnswer]:
    rows = db.session.scalars(select(TeamAnswer).where(TeamAnswer.submission_id == submission.id))
    return {t.question_key: t for t in rows}


def comments(submission: Submission) -> dict[str, list[QuestionComment]]:
    found: dict[str, list[QuestionComment]] = {}
    for c in db.session.scalars(
        select(QuestionComment)
        .where(QuestionComment.submission_id == submission.id)
        .order_by(QuestionComment.created_at)
    ):
        found.setdefault(c.question_key, []).append(c)
    return found


@dataclass(frozen=True)
class Effective:
    """The team's answer to a question and where it comes from."""

    value: object = None
    special: str | None = None
    evidence: str = ""
    #: "team" (set by the lead), "agreed" (two or more members answered, all alike),
    #: "single" (one member has answered so far; it counts until others answer) or None.
    source: str | None = None
    #: Members gave different answers and the lead has not decided yet.
    conflict: bool = False
    #: How many members have answered (with a value or "does not apply").
    answers: int = 0

    @property
    def answered(self) -> bool:
        return self.source is not None and (self.value is not None or self.special is not None)


def _same(a: Answer) -> str:
    return json.dumps([a.value, a.special], sort_keys=True)


def effective_answers(submission: Submission) -> dict[str, Effective]:
    team = team_answers(submission)
    result: dict[str, Effective] = {}
    for key, answers in answers_by_question(submission).items():
        if key in team:
            continue
        real = [a for a in answers if a.value is not None or a.special is not None]
        evidence = "\n".join(dict.fromkeys(a.evidence for a in answers if a.evidence))
        if not real:
            result[key] = Effective(evidence=evidence)
        elif len({_same(a) for a in real}) == 1:
            result[key] = Effective(real[0].value, real[0].special, evidence,
                                    "agreed" if len(real) >= 2 else "single", answers=len(real))
        else:
            result[key] = Effective(evidence=evidence, conflict=True, answers=len(real))
    counts = {key: sum(1 for a in answers if a.value is not None or a.special is not None)
              for key, answers in answers_by_question(submission).items()}
    for key, t in team.items():
        result[key] = Effective(t.value, t.special, t.evidence, "team", answers=counts.get(key, 0))
    return result


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def progress(definition: dict, answered_keys: set[str]) -> tuple[dict[str, Progress], Progress]:
    """Per dimension and overall: how many questions have an answer."""
    per_dim, done, total = {}, 0, 0
    for dim in definition["dimensions"]:
        keys = [q["key"] for q in dim["questions"]]
        n = sum(1 for k in keys if k in answered_keys)
        per_dim[dim["key"]] = Progress(n, len(keys))
        done, total = done + n, total + len(keys)
    return per_dim, Progress(done, total)


def missing_for_submit(
    definition: dict, effective: dict[str, Effective]
) -> list[tuple[dict, dict]]:
    """Required questions without a team answer (“don't know” counts as an answer)."""
    missing = []
    for dim in definition["dimensions"]:
        for q in dim["questions"]:
            if is_required(q) and not effective.get(q["key"], Effective()).answered:
                missing.append((dim, q))
    return missing


def scoring_input(definition: dict, effective: dict[str, Effective]) -> dict:
    return {
        q["key"]: (effective[q["key"]].value, effective[q["key"]].special)
        for dim in definition["dimensions"]
        for q in dim["questions"]
        if is_scored(q) and q["key"] in effective and effective[q["key"]].answered
    }
