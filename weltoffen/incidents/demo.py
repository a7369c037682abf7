"""Demo incidents for the demo official (Bea Bürgermeisterin, Iserlohn): six records of
different forms, channels and severities with timeline entries, one of them shared
with the demo trust person. Idempotent: nothing is added once she has incidents."""

import io
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from . import evidence, grants, links, services, timeline
from .models import Incident

OFFICIAL = "buergermeisterin.iserlohn@demo.weltoffen.de"
TRUST_PERSON = "vertrauen.iserlohn@demo.weltoffen.de"

#: (days ago, contents, timeline entries as (kind, days ago, data, due in days or None))
INCIDENTS = (
    (40, {"time": "22:14", "form": "insult", "channel": "social_media", "platform": "Facebook",
          "link": "https://www.facebook.com/groups/beispiel/posts/123", "targets": ["official"],
          "perpetrator_known": "known", "perpetrator": "Profil „Iserlohner Klartext“, schreibt seit Monaten unter "
          "Beiträgen der Stadt", "motives": ["public_person", "local_issues"], "severity": 1,
          "description": "Unter dem Beitrag der Stadt zur neuen Unterkunft an der Hansaallee nennt mich das Profil "
          "„Volksverräterin“ und „Schande für die Stadt“. 14 weitere Kommentare stimmen zu."},
     [("complaint_filed", 20, {"text": "Strafantrag online bei der Polizei NRW gestellt, Screenshots beigefügt.",
                               "case_number": "ST/0815432/2026", "authority": "Polizeiwache Iserlohn"}, None),
      ("support", 18, {"support": "sought", "organisation": "HateAid", "text": "Beratungsgespräch vereinbart."},
       None)]),
    (75, {"time": "", "form": "threat", "channel": "letter", "targets": ["official", "family"],
          "home_address": True, "perpetrator_known": "unknown", "perpetrator": "", "motives": ["general_politics"],
          "severity": 2, "description": "Anonymer Brief im Hausbriefkasten meiner Privatwohnung: „Wir wissen, wo "
          "deine Kinder zur Schule gehen.“ Kein Absender, Poststempel Hagen."},
     [("police_contact", 74, {"text": "Anzeige wegen Bedrohung (§ 241 StGB) aufgegeben, Brief übergeben.",
                              "case_number": "", "authority": "Kriminalkommissariat Staatsschutz Hagen"}, None),
      ("prosecution", 30, {"status": "pending", "case_number": "400 Js 1234/26",
                           "text": "Staatsanwaltschaft Hagen ermittelt."}, None),
      ("consequence", 60, {"consequences": ["strain", "changed_behaviour"],
                           "text": "Die Kinder werden zur Schule gebracht."}, None)]),
    (120, {"time": "19:40", "form": "physical_shoving", "channel": "in_person", "targets": ["official"],
           "perpetrator_known": "known", "perpetrator": "Mann, ca. 50 Jahre, war bei der Bürgerversammlung",
           "motives": ["local_issues"], "severity": 4,
           "description": "Nach der Bürgerversammlung zur Windkraft hat mich ein Besucher am Ausgang geschubst "
           "und angeschrien. Zwei Ratsmitglieder waren Zeugen."},
     [("police_contact", 119, {"text": "Polizei vor Ort, Personalien aufgenommen.", "case_number": "",
                               "authority": "Polizeiwache Iserlohn"}, None)]),
    (12, {"time": "08:05", "form": "online_hate", "channel": "email", "targets": ["official", "staff"],
          "perpetrator_known": "unknown", "perpetrator": "Absender hassmail-2026@example.net",
          "motives": ["general_politics"], "severity": 0,
          "description": "Gleichlautende Hassmail an mich und das Vorzimmer, offenbar an viele Rathäuser im "
          "Land verschickt."}, []),
    (200, {"time": "", "form": "property_campaign", "channel": "other", "targets": ["property"],
           "perpetrator_known": "unknown", "perpetrator": "", "motives": ["party_member"], "severity": 3,
           "description": "Zwölf Wahlplakate in der Innenstadt zerschnitten und mit Hakenkreuzen beschmiert."},
     [("note", 199, {"text": "Fotos an den Ortsverband geschickt, Plakate ersetzt."}, None)]),
    (25, {"time": "17:30", "form": "defamation", "channel": "social_media", "platform": "Telegram",
          "link": "https://t.me/beispielkanal/4711", "targets": ["official", "family"],
          "perpetrator_known": "known", "perpetrator": "Kanal „Sauerland wacht auf“",
          "motives": ["personal_traits", "family"], "severity": 1,
          "description": "Der Kanal behauptet, mein Mann habe durch mich städtische Aufträge bekommen. Das ist "
          "frei erfunden."}, []),
)


def load(network) -> int:
    """Add the demo incidents; returns how many were added (0 when they exist)."""
    official = db.session.scalar(select(User).where(User.email == OFFICIAL))
    trust = db.session.scalar(select(User).where(User.email == TRUST_PERSON))
    if official is None or not official.has_second_factor:
        return 0
    if db.session.scalar(select(Incident.id).where(Incident.reporter_id == official.id).limit(1)):
        return 0
    today = date.today()
    added = []
    for days_ago, contents, entries in INCIDENTS:
        day = today - timedelta(days=days_ago)
        incident = services.new_draft(official)
        full = {"date": day.isoformat(), "platform": "", "link": "", "home_address": False, **contents}
        services.record(incident, official, full)
        for kind, entry_days_ago, data, due_in in entries:
            due = today + timedelta(days=due_in) if due_in is not None else None
            timeline.add_entry(incident, official, kind,
                               {"date": (today - timedelta(days=entry_days_ago)).isoformat(), **data}, due_on=due)
        added.append(incident)
    _add_screenshot(added[0], official, today - timedelta(days=40))
    links.link(official, added[0], added[5])  # the same milieu of accounts, escalating
    if trust is not None and trust.has_second_factor:
        grants.grant(added[1], official, trust, False)
    services.close(added[4], official)
    return len(added)


class _Upload(io.BytesIO):
    filename = "screenshot-facebook-kommentar.png"


def _add_screenshot(incident, official, day) -> None:
    """A drawn screenshot of the hostile comment (with GPS data in its EXIF, which the
    preview strips), with the link and the capture time, as HateAid recommends."""
    from matplotlib import font_manager
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), 22)
    image = Image.new("RGB", (900, 360), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 900, 56), fill=(59, 89, 152))
    draw.text((20, 14), "Stadt Iserlohn – Beitrag: Neue Unterkunft an der Hansaallee", fill="white", font=font)
    draw.text((20, 90), "Iserlohner Klartext · " + day.strftime("%d.%m.%Y") + " 22:14", fill=(90, 90, 90), font=font)
    draw.text((20, 140), "Die Bürgermeisterin ist eine Volksverräterin,", fill="black", font=font)
    draw.text((20, 175), "eine Schande für die Stadt.", fill="black", font=font)
    draw.text((20, 260), "Gefällt 14 Personen · Screenshot " + day.strftime("%d.%m.%Y") + " 22:31", fill=(90, 90, 90),
              font=font)
    exif = Image.Exif()
    exif[0x010F] = "Demo-Phone"  # Make
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 22.0, 30.0), 3: "E", 4: (7.0, 41.0, 50.0)})
    buffer = _Upload()
    image.save(buffer, "PNG", exif=exif)
    buffer.seek(0)
    evidence.store(incident, buffer, official, link="https://www.facebook.com/groups/beispiel/posts/123",
                   captured_at=datetime.combine(day, time(22, 31)), note="Kommentar unter dem Beitrag der Stadt")
