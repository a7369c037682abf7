"""The Atom 1.0 feed of a municipality's public dialogue pages: the publication of a
process, each response and each progress update of its published processes, newest
first. A withdrawn process is no longer published, so it and its entries are gone.
Built with ElementTree, which escapes every text and attribute."""

from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree as ET

from flask_babel import format_date, gettext
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..extensions import db
from .accountability_models import ProgressUpdate, Recommendation, RecommendationResponse
from .labels import RESPONSE_LABELS
from .models import DialogueProcess

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50


@dataclass(frozen=True)
class Entry:
    id: str
    at: datetime
    title: str
    summary: str
    process: DialogueProcess
    anchor: str = ""


def _published(municipality_id: int):
    return (DialogueProcess.municipality_id == municipality_id, DialogueProcess.published.is_(True))


def entries(municipality_id: int, limit: int = LIMIT) -> list[Entry]:
    """The newest `limit` changes (three queries of at most `limit` rows each)."""
    found: list[Entry] = []
    for process in db.session.scalars(
        select(DialogueProcess).where(*_published(municipality_id))
        .order_by(DialogueProcess.published_at.desc()).limit(limit)
    ):
        found.append(Entry(f"urn:weltoffen:dialogue:process:{process.id}", process.published_at or process.created_at,
                           gettext("Published: %(title)s", title=process.title), process.question, process))
    responses = db.session.scalars(
        select(RecommendationResponse)
        .join(RecommendationResponse.recommendation).join(Recommendation.process)
        .where(*_published(municipality_id))
        .options(contains_eager(RecommendationResponse.recommendation).contains_eager(Recommendation.process))
        .order_by(RecommendationResponse.created_at.desc(), RecommendationResponse.id.desc()).limit(limit)
    )
    for r in responses:
        rec = r.recommendation
        title = gettext("Recommendation %(number)d “%(title)s”: %(state)s", number=rec.number, title=rec.title,
                        state=RESPONSE_LABELS[r.state])
        summary = " ".join(part for part in (
            gettext("Decided by %(body)s on %(date)s.", body=r.decided_by, date=format_date(r.decided_on))
            if r.decided_by else gettext("Decided on %(date)s.", date=format_date(r.decided_on)),
            r.reason) if part)
        found.append(Entry(f"urn:weltoffen:dialogue:response:{r.id}", r.created_at, title, summary, rec.process,
                           f"recommendation-{rec.number}"))
    updates = db.session.scalars(
        select(ProgressUpdate)
        .join(ProgressUpdate.recommendation).join(Recommendation.process)
        .where(*_published(municipality_id))
        .options(contains_eager(ProgressUpdate.recommendation).contains_eager(Recommendation.process))
        .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()).limit(limit)
    )
    for p in updates:
        rec = p.recommendation
        title = gettext("Recommendation %(number)d “%(title)s”: %(percent)d %% implemented", number=rec.number,
                        title=rec.title, percent=p.percent)
        summary = " ".join(part for part in (gettext("As of %(date)s.", date=format_date(p.noted_on)), p.note) if part)
        found.append(Entry(f"urn:weltoffen:dialogue:progress:{p.id}", p.created_at, title, summary, rec.process,
                           f"recommendation-{rec.number}"))
    found.sort(key=lambda e: (e.at, e.id), reverse=True)
    return found[:limit]


def _stamp(at: datetime) -> str:
    return at.replace(microsecond=0).isoformat().replace("+00:00", "Z") if at.tzinfo else \
        at.replace(microsecond=0).isoformat() + "Z"


def render(municipality, found: list[Entry], *, self_url: str, page_url: str, process_url, language: str) -> bytes:
    """The feed document. `process_url(process)` gives a process page's absolute URL."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", f"urn:weltoffen:dialogue:feed:{municipality.ags}")
    sub(feed, "title", gettext("Citizen participation in %(name)s", name=municipality.name))
    sub(feed, "updated", _stamp(found[0].at) if found else _stamp(municipality.created_at))
    author = sub(feed, "author")
    sub(author, "name", municipality.name)
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    for entry in found:
        item = sub(feed, "entry")
        sub(item, "id", entry.id)
        sub(item, "title", entry.title)
        sub(item, "updated", _stamp(entry.at))
        href = process_url(entry.process) + (f"#{entry.anchor}" if entry.anchor else "")
        sub(item, "link", rel="alternate", type="text/html", href=href)
        if entry.summary:
            sub(item, "summary", entry.summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
