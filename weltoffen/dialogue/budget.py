"""Participatory budgets: the accounts of one (proposals, feasibility, votes, funded
projects and their implementation) and the import of proposals and votes from the
voting tool's CSV (column layout: docs/dialogue-csv.md).

The import checks every row first and writes only when every row is valid; a
re-import updates proposals by their number (idempotent). No HTTP, no commit."""

import csv
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..network.validation import fold
from ..platform import csvtext
from .accountability_models import PROJECT_STATES, BudgetProposal

MAX_ROWS = 10_000
#: Spreadsheets, archives and PDFs saved under a .csv name (xlsx/zip, PDF, old xls).
BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
#: Column key -> accepted headers (folded: lower case, umlauts spelled out).
HEADERS = {
    "reference": ("nummer", "nr", "nr.", "vorschlagsnummer", "number", "id"),
    "title": ("titel", "title", "vorschlag"),
    "district": ("stadtteil", "bezirk", "district"),
    "cost": ("kosten", "geschaetzte kosten", "cost"),
    "feasibility": ("machbarkeit", "feasibility"),
    "note": ("begruendung", "reason", "note"),
    "votes": ("stimmen", "votes"),
    "funded": ("gefoerdert", "funded"),
    "amount": ("betrag", "foerderbetrag", "amount"),
    "status": ("status",),
    "progress": ("fortschritt", "progress"),
}
REQUIRED = ("reference", "title")
#: Column key -> BudgetProposal attribute written by an import.
ATTRIBUTES = {
    "district": "district", "cost": "estimated_cost_euro", "feasibility": "feasibility",
    "note": "feasibility_note", "votes": "votes", "funded": "funded", "amount": "amount_euro",
    "status": "status", "progress": "progress_percent",
}
FEASIBILITY_WORDS = {
    "": "unchecked", "ungeprueft": "unchecked", "offen": "unchecked", "unchecked": "unchecked",
    "machbar": "feasible", "ja": "feasible", "feasible": "feasible",
    "nicht machbar": "not_feasible", "nein": "not_feasible", "not feasible": "not_feasible",
}
YES_NO = {"": False, "nein": False, "no": False, "0": False, "ja": True, "yes": True, "x": True, "1": True}
STATUS_WORDS = {
    "geplant": "planned", "planned": "planned", "in umsetzung": "in_progress",
    "in progress": "in_progress", "umgesetzt": "done", "fertig": "done", "done": "done",
    "gestoppt": "stopped", "stopped": "stopped",
}


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    #: (line number in the file, message); line 0 concerns the file as a whole.
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252; None for a binary file."""
    if data.startswith(BINARY_MAGIC):
        return None
    text = csvtext.decode(data)
    if text is None or re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        return None
    return text


def _euro(text: str) -> int | None:
    """"12500", "12.500", "12 500 €", "12.500,50" -> whole euros; ValueError otherwise."""
    text = text.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if text == "":
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    value = float(text)
    if value < 0:
        raise ArithmeticError
    return round(value)


def _count(text: str, maximum: int | None = None) -> int | None:
    """A whole number >= 0 ("1234", "1.234"); ValueError otherwise."""
    text = text.replace(" ", "").strip()
    if text == "":
        return None
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"\d+", text):
        raise ValueError
    value = int(text)
    if maximum is not None and value > maximum:
        raise ValueError
    return value


def parse(data: bytes) -> ImportResult:
    """Check every row of a proposals CSV; nothing is looked up or written."""
    result = ImportResult()
    text = decode(data)
    if text is None:
        result.errors.append((0, _("The file is not a CSV text file (UTF-8 or Windows-1252). If it is a "
                                   "spreadsheet, save it as CSV first.")))
        return result
    if not text.strip():
        result.errors.append((1, _("The file is empty.")))
        return result
    reader = csvtext.reader(text)
    header = next(reader)
    keys = csvtext.columns(header, HEADERS, fold)
    missing = [HEADERS[k][0].capitalize() for k in REQUIRED if k not in keys]
    if missing:
        result.errors.append((1, _(
            "Missing columns: %(cols)s. The first line must name the columns, separated by ; or , "
            "(for example: Nummer;Titel;Stimmen).", cols=", ".join(missing))))
        return result
    seen: dict[str, int] = {}
    try:
        for line_no, cells in csvtext.numbered_rows(reader):
            if line_no > MAX_ROWS + 1:
                result.errors.append((line_no, _("Too many rows; at most %(n)d per file.", n=MAX_ROWS)))
                break
            row = _row(line_no, cells, keys, len(header), result)
            if row is None:
                continue
            if row["reference"] in seen:
                result.errors.append((line_no, _("The number %(ref)s appears twice (first in line %(first)d).",
                                                 ref=row["reference"], first=seen[row["reference"]])))
                continue
            seen[row["reference"]] = line_no
            result.rows.append(row)
    except csv.Error:
        result.errors.append((reader.line_num, _(
            "The CSV structure is broken here (for example an unclosed quotation mark).")))
    if not result.rows and not result.errors:
        result.errors.append((0, _("The file contains no proposals.")))
    return result


def _row(line_no: int, cells: list[str], keys: dict, width: int, result: ImportResult) -> dict | None:
    if len(cells) < width:
        result.errors.append((line_no, _("The row has %(n)d fields; the header names %(m)d.", n=len(cells), m=width)))
        return None
    get = {k: cells[i].strip() for k, i in keys.items()}
    errors: list[str] = []
    row = {"line": line_no, "reference": get["reference"], "title": get["title"], "columns": set(keys)}
    if not row["reference"] or len(row["reference"]) > 40:
        errors.append(_("Nummer: a number of 1 to 40 characters is required."))
    if not row["title"] or len(row["title"]) > 300:
        errors.append(_("Titel: a title of 1 to 300 characters is required."))
    row["district"] = get.get("district", "")
    if len(row["district"]) > 120:
        errors.append(_("Stadtteil: at most 120 characters."))
    row["note"] = get.get("note", "")
    for key, label in (("cost", "Kosten"), ("amount", "Betrag")):
        try:
            row[key] = _euro(get.get(key, ""))
        except ArithmeticError:
            errors.append(_("%(column)s: an amount is never negative (%(value)s).", column=label, value=get[key]))
        except ValueError:
            errors.append(_("%(column)s: not an amount in euro (%(value)s).", column=label, value=get[key]))
    try:
        row["votes"] = _count(get.get("votes", "")) or 0
    except ValueError:
        errors.append(_("Stimmen: not a whole number of votes, 0 or more (%(value)s).", value=get["votes"]))
    try:
        row["progress"] = _count(get.get("progress", "").rstrip("%").strip(), maximum=100)
    except ValueError:
        errors.append(_("Fortschritt: a percentage from 0 to 100 (%(value)s).", value=get["progress"]))
    feasibility = FEASIBILITY_WORDS.get(fold(get.get("feasibility", "")).replace("_", " "))
    if feasibility is None:
        errors.append(_("Machbarkeit: unknown value %(value)s (machbar, nicht machbar or ungeprüft).",
                        value=get["feasibility"]))
    row["feasibility"] = feasibility
    funded = YES_NO.get(fold(get.get("funded", "")))
    if funded is None:
        errors.append(_("Gefördert: ja or nein (%(value)s).", value=get["funded"]))
    row["funded"] = bool(funded)
    status_text = fold(get.get("status", "")).replace("_", " ")
    row["status"] = STATUS_WORDS.get(status_text) if status_text else None
    if status_text and row["status"] is None:
        errors.append(_("Status: unknown value %(value)s (geplant, in Umsetzung, umgesetzt or gestoppt).",
                        value=get["status"]))
    if row["funded"] and row["status"] is None and "status" in keys:
        row["status"] = "planned"
    if not row["funded"] and (row.get("amount") or row["status"] or row.get("progress") is not None):
        errors.append(_("Betrag, Status and Fortschritt are only for funded proposals (Gefördert: ja)."))
    if errors:
        result.errors.extend((line_no, e) for e in errors)
        return None
    return row


@dataclass(frozen=True)
class Preview:
    """What an import would do, before anything is written."""

    new: int
    updated: int
    funded: int
    votes: int
    amount: int
    rows: list[dict]


def preview(process, result: ImportResult, show: int = 20) -> Preview:
    known = set(db.session.scalars(select(BudgetProposal.reference).where(BudgetProposal.process_id == process.id)))
    updated = sum(1 for row in result.rows if row["reference"] in known)
    return Preview(len(result.rows) - updated, updated, sum(1 for row in result.rows if row["funded"]),
                   sum(row["votes"] for row in result.rows), sum(row.get("amount") or 0 for row in result.rows),
                   result.rows[:show])


def apply(process, result: ImportResult, user) -> tuple[int, int]:
    """Write a checked import: (created, updated). Proposals missing from the file stay."""
    if not result.ok:
        raise ValueError("only a checked import without errors is written")
    existing = {p.reference: p for p in db.session.scalars(
        select(BudgetProposal).where(BudgetProposal.process_id == process.id))}
    created = updated = 0
    for row in result.rows:
        proposal = existing.get(row["reference"])
        if proposal is None:
            proposal = BudgetProposal(process_id=process.id, reference=row["reference"], votes=0,
                                      feasibility="unchecked", funded=False)
            db.session.add(proposal)
            created += 1
        else:
            updated += 1
        proposal.title = row["title"]
        for key, attribute in ATTRIBUTES.items():
            if key in row["columns"]:  # a column the file does not have leaves the value alone
                setattr(proposal, attribute, row[key])
        if not proposal.funded:
            proposal.amount_euro = proposal.status = proposal.progress_percent = None
        elif proposal.status is None:
            proposal.status = "planned"
    db.session.flush()
    audit.record("dialogue.budget_imported", actor=user, obj=process, municipality_id=process.municipality_id,
                 created=created, updated=updated)
    return created, updated


def update_proposal(proposal: BudgetProposal, user, *, funded: bool, amount_euro: int | None,
                    status: str | None, progress_percent: int | None) -> BudgetProposal:
    """The implementation of a proposal: funded with amount, status and progress."""
    proposal.funded = funded
    proposal.amount_euro = amount_euro if funded else None
    proposal.status = (status or "planned") if funded else None
    proposal.progress_percent = progress_percent if funded else None
    db.session.flush()
    audit.record("dialogue.proposal_changed", actor=user, obj=proposal,
                 municipality_id=proposal.process.municipality_id)
    return proposal


@dataclass(frozen=True)
class Summary:
    proposals: int
    checked: int
    feasible: int
    not_feasible: int
    votes: int
    funded: list
    funded_euro: int
    by_status: dict


def summary(process) -> tuple[Summary, list[BudgetProposal]]:
    """The budget's accounts and its proposals (funded first, then by votes)."""
    proposals = list(db.session.scalars(
        select(BudgetProposal).where(BudgetProposal.process_id == process.id)
        .order_by(BudgetProposal.funded.desc(), BudgetProposal.votes.desc(), BudgetProposal.reference)))
    funded = [p for p in proposals if p.funded]
    return Summary(
        proposals=len(proposals),
        checked=sum(1 for p in proposals if p.feasibility != "unchecked"),
        feasible=sum(1 for p in proposals if p.feasibility == "feasible"),
        not_feasible=sum(1 for p in proposals if p.feasibility == "not_feasible"),
        votes=sum(p.votes for p in proposals),
        funded=funded,
        funded_euro=sum(p.amount_euro or 0 for p in funded),
        by_status={s: sum(1 for p in funded if p.status == s) for s in PROJECT_STATES},
    ), proposals
