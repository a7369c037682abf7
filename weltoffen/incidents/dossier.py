"""The dossier of one incident or a set of incidents (e.g. one perpetrator), to hand to
the police: a PDF with a title page, the chronology, the classification, the evidence
list with SHA-256 checksums (screenshots and photos shown as their previews, without
metadata), the relevant legal provisions and the reporter's statement; and a ZIP
with the original evidence files and a hash manifest.

Built in the request's language on platform/pdf.py's Document, as the self-check
report: Fira Sans, title, author and language in the metadata, a bookmark per
heading. Nothing here commits; the views audit "incident.export"."""

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import gettext as _
from PIL import Image

from ..platform.db.columns import utcnow
from ..platform.pdf import MUTED, Document, Metadata
from . import evidence, sealing, timeline
from .access import open_contents
from .forms import (
    CHANNEL_LABELS,
    CONSEQUENCE_LABELS,
    ENTRY_LABELS,
    FORM_LABELS,
    MOTIVE_LABELS,
    PROSECUTION_LABELS,
    SEVERITY_LABELS,
    SUPPORT_LABELS,
    TARGET_LABELS,
)

#: Width of the labels in "label value" rows, and the height of a line, in mm.
LABEL_MM = 42
LINE_MM = 5.0
#: A picture may shrink to this share of its width to stay on the current page.
MIN_SCALE = 0.6


class EvidenceMismatch(RuntimeError):
    """A decrypted evidence file no longer matches the SHA-256 taken at upload."""


def provisions() -> dict[str, tuple[str, str]]:
    """Legal provisions (German Criminal Code) the dossier may cite: key -> (title, note)."""
    return {
        "185": (_("§ 185 StGB – Insult"), _("Insulting a person in words, writing or gestures.")),
        "186": (_("§ 186 StGB – Defamation"), _("Asserting or spreading facts that cannot be proven true and "
                                               "that hold the person up to contempt.")),
        "187": (_("§ 187 StGB – Intentional defamation"), _("Asserting or spreading untrue facts against one's "
                                                            "better knowledge.")),
        "77b": (_("§ 77b StGB – Deadline for the criminal complaint"), _(
            "Insult and defamation (§§ 185–187) are prosecuted on a criminal complaint (Strafantrag), which must "
            "be filed within three months of the day the person learned of the act and of the perpetrator.")),
        "188": (_("§ 188 StGB – Insult and defamation of people in political life"), _(
            "Applies to people in political life up to the local level, such as mayors and council members, "
            "where the act is suited to make their public work much harder; higher penalties. Under § 194 the "
            "public prosecutor may act without a complaint where there is a special public interest.")),
        "241": (_("§ 241 StGB – Threat"), _("Threatening a person or someone close to them with a crime "
                                           "against life, bodily integrity, personal freedom, sexual "
                                           "self-determination or property of significant value.")),
        "240": (_("§ 240 StGB – Coercion"), _("Forcing a person by violence or the threat of serious harm to do, "
                                             "allow or refrain from something.")),
        "238": (_("§ 238 StGB – Stalking"), _("Persistently following, contacting or harassing a person in a way "
                                             "that can seriously affect their life.")),
        "130": (_("§ 130 StGB – Incitement to hatred"), _("Inciting hatred or violence against groups or "
                                                         "individuals because of their belonging to a group.")),
        "303": (_("§ 303 StGB – Property damage"), _("Damaging or destroying another person's property, or "
                                                    "changing its appearance considerably and lastingly.")),
        "223": (_("§ 223 StGB – Bodily harm"), _("Physically abusing a person or damaging their health.")),
        "224": (_("§ 224 StGB – Dangerous bodily harm"), _("Bodily harm with a weapon or dangerous object, by "
                                                          "several people together or by a life-threatening act.")),
    }


#: Provisions by form of hostility, in the order they are cited.
BY_FORM = {
    "insult": ("185", "188", "77b"),
    "defamation": ("186", "187", "188", "77b"),
    "threat": ("241",),
    "coercion": ("240",),
    "stalking": ("238",),
    "discrimination": ("185", "130", "77b"),
    "incitement": ("130",),
    "online_hate": ("185", "186", "187", "188", "77b", "241", "130"),
}
ORDER = ("185", "186", "187", "188", "77b", "130", "238", "240", "241", "223", "224", "303")


def provisions_for(forms) -> list[str]:
    """The provisions that apply to the given forms, in the statute's order."""
    keys: set[str] = set()
    for form in forms:
        if form in BY_FORM:
            keys.update(BY_FORM[form])
        elif form and form.startswith("property_"):
            keys.add("303")
        elif form and form.startswith("physical_"):
            keys.update(("223", "224"))
    return [k for k in ORDER if k in keys]


def _label(mapping, key) -> str:
    return str(mapping.get(key, key)) if key else "–"


@dataclass
class Part:
    """One incident with its opened contents, timeline and evidence (for the PDF)."""

    incident: object
    contents: dict
    entries: list
    evidence: list


def _part(incident) -> Part:
    rows = [(item, evidence.meta_of(item)) for item in incident.evidence]
    return Part(incident, open_contents(incident), timeline.entries_of(incident), rows)


def _row(pdf: Document, label: str, value: str, mono: bool = False) -> None:
    pdf.labelled(label, value, min_width=LABEL_MM, mono=mono)


def _when(contents: dict) -> str:
    day = contents.get("date") or ""
    try:
        text = format_date(date.fromisoformat(day))
    except ValueError:
        text = day or "–"
    return f"{text}, {contents['time']}" if contents.get("time") else text


def _entry_text(entry, data: dict) -> str:
    parts = [data.get("text") or ""]
    if data.get("case_number"):
        parts.append(_("Case number: %(number)s", number=data["case_number"]))
    if data.get("authority"):
        parts.append(_("Authority: %(name)s", name=data["authority"]))
    if data.get("status"):
        parts.append(_label(PROSECUTION_LABELS, data["status"]))
    if data.get("support"):
        parts.append(_label(SUPPORT_LABELS, data["support"]) + (f" ({data['organisation']})"
                                                               if data.get("organisation") else ""))
    if data.get("consequences"):
        parts.append(", ".join(_label(CONSEQUENCE_LABELS, c) for c in data["consequences"]))
    if entry.due_on:
        parts.append(_("Due on %(day)s", day=format_date(entry.due_on)))
    return " · ".join(p for p in parts if p) or "–"


def _entry_day(data: dict) -> str:
    try:
        return format_date(date.fromisoformat(data.get("date") or ""))
    except ValueError:
        return "–"


def _incident(pdf: Document, number: int, part: Part) -> None:
    c, incident = part.contents, part.incident
    pdf.heading(_("Incident %(n)d: %(when)s, %(form)s", n=number, when=_when(c),
                  form=_label(FORM_LABELS, c.get("form") or incident.form)))
    pdf.heading(_("Classification"), 3)
    severity = c.get("severity")
    channel = _label(CHANNEL_LABELS, c.get("channel"))
    if c.get("platform"):
        channel += f" ({c['platform']})"
    for label, value in (
        (_("Date and time"), _when(c)),
        (_("Type"), _label(FORM_LABELS, c.get("form"))),
        (_("Channel"), channel),
        (_("Link"), c.get("link") or ""),
        (_("Severity"), str(SEVERITY_LABELS[severity][0]) if isinstance(severity, int)
         and 0 <= severity < len(SEVERITY_LABELS) else "–"),
        (_("Targeted"), ", ".join(_label(TARGET_LABELS, t) for t in c.get("targets") or [])
         + (" · " + _("home address involved") if c.get("home_address") else "")),
        (_("Perpetrator"), (_("known") if c.get("perpetrator_known") == "known" else _("unknown"))
         + (f": {c['perpetrator']}" if c.get("perpetrator") else "")),
        (_("Apparent motive"), ", ".join(_label(MOTIVE_LABELS, m) for m in c.get("motives") or [])),
    ):
        _row(pdf, label, value)
    pdf.heading(_("Statement of the person affected"), 3)
    pdf.para(c.get("description") or "")
    pdf.heading(_("Chronology"), 3)
    _row(pdf, _when(c), _("The incident"))
    for entry, data in part.entries:
        _row(pdf, _entry_day(data), f"{_label(ENTRY_LABELS, entry.kind)}: {_entry_text(entry, data)}")
    pdf.heading(_("Evidence"), 3)
    if not part.evidence:
        pdf.para(_("No evidence files."), color=MUTED)
    for index, (item, meta) in enumerate(part.evidence, 1):
        name = f"{number}.{index}  {meta.get('filename') or item.id}"
        rows = [
            (_("SHA-256"), item.sha256, True),
            (_("Size"), _("%(n)s bytes", n=format_decimal(item.size)) + f" · {item.content_type}", False),
            (_("Captured at"), (meta.get("captured_at") or "").replace("T", " "), False),
            (_("Link"), meta.get("link") or "", False),
        ]
        if meta.get("note"):
            rows.append((_("Note"), meta["note"], False))
        below = LINE_MM * (len(rows) + 1) + 4  # the name and the rows stay with the picture
        image = _preview(item)
        if image is not None:
            _picture(pdf, image, name, below)
        else:
            pdf.keep(below)
        pdf.para(name, "B")
        for label, value, mono in rows:
            _row(pdf, label, value, mono=mono)
        pdf.ln(3)


def _preview(item) -> Image.Image | None:
    """The evidence's preview (pixels only, no EXIF/GPS, made at upload), decrypted as
    for the preview view; None for files without one or a preview that is gone."""
    if not item.preview_name:
        return None
    try:
        data = evidence.preview(item)
    except (FileNotFoundError, sealing.Shredded):
        return None
    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        return opened.copy()  # a fresh image: nothing of the file's info is kept


def _picture(pdf: Document, image: Image.Image, name: str, below: float) -> None:
    """The image as wide as the text, centred, with `below` mm of caption under it on
    the same page: narrower where a tall one would not fit on a page, and down to
    MIN_SCALE of that where it then still fits on the current page (no half-empty
    page before it); otherwise on the next page."""
    most = pdf.page_break_trigger - pdf.t_margin - below
    width = pdf.epw
    height = width * image.height / image.width
    if height > most:
        width, height = width * most / height, most
    scale = min(1.0, (pdf.room() - below) / height)
    if scale < MIN_SCALE:
        pdf.add_page()
        scale = 1.0
    width, height = width * scale, height * scale
    pdf.image(image, x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height, title=name,
              alt_text=_("Evidence %(name)s (copy without metadata)", name=name))
    pdf.ln(2)


def build_pdf(incidents, reporter) -> bytes:
    """The dossier of `incidents` (ordered by date) reported by `reporter`, as PDF bytes."""
    parts = sorted((_part(i) for i in incidents), key=lambda p: (p.contents.get("date") or "", p.incident.id))
    now = utcnow()
    generated = format_datetime(now, "dd.MM.yyyy HH:mm")
    title = _("Dossier on hostility against %(name)s", name=reporter.name)
    meta = Metadata(title=title, author=reporter.name, lang=str(get_locale() or "de"), created=now,
                    keywords=_("Incident log"))
    pdf = Document(meta, footer_text=_("Dossier · generated on %(when)s", when=generated))
    pdf.add_page()
    pdf.para(_("weltoffen · Incident log"), size=9, color=MUTED)
    pdf.heading(title, 1)
    count = len(parts)
    days = [p.contents.get("date") for p in parts if p.contents.get("date")]
    for label, value in (
        (_("Person affected"), f"{reporter.name} <{reporter.email}>"),
        (_("Incidents"), str(count)),
        (_("Period"), f"{_when({'date': min(days)})} – {_when({'date': max(days)})}" if days else "–"),
        (_("Evidence files"), str(sum(len(p.evidence) for p in parts))),
        (_("Generated on"), generated),
    ):
        _row(pdf, label, value)
    pdf.ln(4)
    pdf.para(_("This dossier was generated from the confidential incident log. The evidence files are in the "
               "accompanying ZIP archive; each file's SHA-256 checksum was taken when it was uploaded, before it "
               "was opened or changed, and is listed below and in the archive's manifest."), size=9.5)
    pdf.ln(1)
    pdf.para(_("Screenshots and photos are shown as copies without their metadata (location, device); the "
               "originals with all their data are in the ZIP archive."), size=9.5)
    for number, part in enumerate(parts, 1):
        pdf.add_page()
        _incident(pdf, number, part)
    keys = provisions_for(p.contents.get("form") or p.incident.form for p in parts)
    if keys:
        pdf.add_page()
        pdf.heading(_("Relevant legal provisions"))
        texts = provisions()
        for key in keys:
            pdf.para(texts[key][0], "B")
            pdf.para(texts[key][1])
            pdf.ln(1.5)
        pdf.para(_("This overview is a guide, not legal advice; the police and the public prosecutor decide "
                   "which offences apply."), size=9, color=MUTED)
    return pdf.finish()


def build_zip(incidents) -> bytes:
    """A ZIP with the decrypted original evidence files and manifest.csv (file, SHA-256,
    size, capture time, link). Every file's hash is checked against the stored
    SHA-256 first; raises EvidenceMismatch (and writes nothing) if one differs."""
    files, manifest = [], io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["incident", "file", "sha256", "size", "captured_at", "link"])
    used: set[str] = set()
    for incident in incidents:
        for item in incident.evidence:
            data = evidence.original(item)
            if hashlib.sha256(data).hexdigest() != item.sha256 or len(data) != item.size:
                raise EvidenceMismatch(item.id)
            meta = evidence.meta_of(item)
            name = f"{incident.id}/{item.id}-{meta.get('filename') or 'datei'}"
            while name in used:
                name = "_" + name
            used.add(name)
            files.append((name, data))
            writer.writerow([incident.id, name, item.sha256, item.size, meta.get("captured_at") or "",
                             meta.get("link") or ""])
    out, stamp = io.BytesIO(), utcnow().timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data,
                             compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("manifest.csv", date_time=stamp), manifest.getvalue().encode("utf-8"))
    return out.getvalue()
