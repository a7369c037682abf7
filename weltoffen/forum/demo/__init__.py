"""Demo forum: categories, discussions with replies by the demo accounts, and the
practice library (12 published practices, one awaiting review, adoptions with
outcomes). Idempotent: categories are found by title, topics are created only
when no topic of that title exists in the network."""

from datetime import timedelta

from sqlalchemy import select

from ...auth.models import User
from ...benchmark.groups import size_class
from ...extensions import db
from ...models_base import utcnow
from ...network.models import Municipality, Network
from ..discussions import rendering
from ..models import Adoption, ForumCategory, Post, Practice, PracticeDimension, Topic
from ..practices.services import PRACTICE_CATEGORY
from .practices import ADOPTIONS, PRACTICE_REPLIES, PRACTICES

DOMAIN = "demo.weltoffen.de"

#: (title, description, audience)
CATEGORIES = [
    ("Ankommen und Austausch", "Vorstellen, Fragen stellen, Material teilen.", "network"),
    ("Beteiligung", "Bürgerräte, Bürgerhaushalte, Dialogformate und wie man alle erreicht.", "network"),
    (
        "Schutz von Amtsträgerinnen und Amtsträgern",
        "Erfahrungen mit Anfeindungen, Meldewegen und Unterstützung.",
        "network",
    ),
    (PRACTICE_CATEGORY, "Erprobte Praxis aus den Kommunen des Netzwerks, geprüft von der Koordination.", "network"),
    ("Koordination", "Nur für die Netzwerkkoordination.", "staff"),
]

#: category, title, pinned, days ago, [(author local part, AGS posted for or None, text), ...]
DISCUSSIONS = [
    (
        "Ankommen und Austausch",
        "Willkommen im Forum – stellen Sie sich kurz vor",
        True,
        60,
        [
            ("koordination", None, "Herzlich willkommen im Forum des Netzwerks! Hier tauschen sich die Teams "
             "der Kommunen aus. Stellen Sie sich gern kurz vor: Wer sind Sie, woran arbeiten Sie gerade, "
             "wobei suchen Sie Rat?\n\nBitte denken Sie daran: Namen von Bürgerinnen und Bürgern gehören "
             "nicht ins Forum."),
            ("leitung.iserlohn", "05962024", "Hallo zusammen, ich bin Lea und leite in Iserlohn die Stabsstelle "
             "Integration. Wir bereiten gerade unseren ersten Bürgerrat vor und freuen uns über jeden Tipp."),
            ("leitung.bochum", "05911000", "Ben aus Bochum, Büro des Oberbürgermeisters. Wir haben 2024 einen "
             "Bürgerrat zur Innenstadt gemacht – fragen Sie gern, die Beschreibung steht in der "
             "Praxisbibliothek."),
        ],
    ),
    (
        "Ankommen und Austausch",
        "Mehrsprachige Willkommensmappe – wer hat eine Vorlage?",
        False,
        35,
        [
            ("team.iserlohn", "05962024", "Wir möchten neu Zugezogenen eine Willkommensmappe geben: wichtige "
             "Ämter, Kitaanmeldung, Sprachkurse, Vereine. Hat jemand eine Vorlage, möglichst in mehreren "
             "Sprachen? Und wie halten Sie die Inhalte aktuell?"),
            ("team.bochum", "05911000", "Wir haben unsere Mappe in sechs Sprachen. Tipp aus Erfahrung: lieber "
             "wenige Seiten und QR-Codes auf Seiten, die das jeweilige Amt selbst pflegt. Gedruckte "
             "Öffnungszeiten sind nach einem halben Jahr falsch."),
            ("koordination", None, "Die Bochumer Vorlage lade ich in die Materialsammlung hoch. Beim nächsten "
             "Netzwerktreffen können wir gern eine gemeinsame Grundversion besprechen."),
        ],
    ),
    (
        "Beteiligung",
        "Bürgerrat: Wie erreichen wir Menschen, die sonst nie kommen?",
        False,
        28,
        [
            ("leitung.iserlohn", "05962024", "Beim Losverfahren sagen vor allem die zu, die sich ohnehin "
             "beteiligen. Wie haben Sie Menschen mit wenig Zeit, wenig Deutschkenntnissen oder wenig "
             "Vertrauen in die Verwaltung gewonnen?"),
            ("leitung.bochum", "05911000", "Drei Dinge haben bei uns geholfen:\n\n- eine "
             "**Aufwandsentschädigung**, die ehrlich ist (50 Euro pro Tag),\n- Kinderbetreuung und "
             "Dolmetschen vor Ort,\n- ein zweiter Brief plus Anruf bei denen, die nicht geantwortet haben."),
            ("team.bochum", "05911000", "Ergänzung: Wir haben in der Einladung ausdrücklich geschrieben, dass "
             "kein Vorwissen nötig ist. Das hat laut Nachbefragung viele überzeugt."),
            ("koordination", None, "Sehr gute Hinweise. Die Qualitätscheckliste aus Essen hat dazu auch eine "
             "Frage („Welche Gruppen fehlen und wie erreichen wir sie?“)."),
        ],
    ),
    (
        "Beteiligung",
        "Jugendbeteiligung ohne Jugendparlament",
        False,
        14,
        [
            ("team.bochum", "05911000", "Unser Jugendparlament ist vor zwei Jahren eingeschlafen. Welche "
             "niedrigschwelligen Formate nutzen Sie für Jugendliche?"),
            ("team.iserlohn", "05962024", "Wir gehen in Schulen und Jugendzentren, mit kurzen Projekten statt "
             "Gremien. Die Jugendlichen entscheiden über ein kleines Budget (5.000 Euro im Jahr) – das "
             "motiviert mehr als jede Sitzung."),
        ],
    ),
    (
        "Schutz von Amtsträgerinnen und Amtsträgern",
        "Hassmails nach einer Ratssitzung – wie gehen Sie vor?",
        False,
        21,
        [
            ("buergermeisterin.iserlohn", "05962024", "Nach der Ratssitzung zur neuen Unterkunft bekam ich "
             "innerhalb einer Woche über 40 beleidigende Mails, zwei davon mit Drohungen. Wie gehen Sie mit "
             "so etwas um – auch im Team?"),
            ("vertrauen.iserlohn", "05962024", "Was sich bei uns bewährt hat:\n\n1. Alles sichern: Screenshot "
             "mit Datum und Uhrzeit, Absender, Link und Zusammenhang.\n2. Beleidigungen brauchen einen "
             "**Strafantrag innerhalb von drei Monaten**.\n3. Drohungen sofort der Polizei melden.\n4. Sich "
             "beraten lassen, z. B. bei der „starken Stelle“ (0800 300 99 44) oder HateAid."),
            ("leitung.bochum", "05911000", "Bei uns sortiert das Büro die Post vor, damit nicht jede Mail bei "
             "der Oberbürgermeisterin selbst landet. Das entlastet spürbar."),
            ("koordination", None, "Das Rostocker Schutzkonzept in der Praxisbibliothek beschreibt einen "
             "Meldeweg, der gut funktioniert. Wer möchte, kann das Thema beim Netzwerktreffen vertiefen."),
        ],
    ),
    (
        "Koordination",
        "Netzwerktreffen im Frühjahr: Themen und Ort",
        False,
        7,
        [
            ("koordination", None, "Vorschlag für das Frühjahrstreffen: Schwerpunkt Schutz von "
             "Amtsträgerinnen und Amtsträgern sowie Austausch zu den Selbstcheck-Ergebnissen. Bochum hat "
             "Räume angeboten."),
            ("admin", None, "Passt. Ich richte die Anmeldung ein; bitte bis Monatsende das Programm schicken."),
        ],
    ),
]


def load(network: Network) -> dict:
    """Create the demo forum of `network` where it is missing; returns counts."""
    users = {
        u.email.split("@")[0]: u for u in db.session.scalars(select(User).where(User.email.like(f"%@{DOMAIN}")))
    }
    municipalities = {
        m.ags: m for m in db.session.scalars(select(Municipality).where(Municipality.network_id == network.id))
    }
    categories = _categories(network)
    existing = set(db.session.scalars(select(Topic.title).where(Topic.network_id == network.id)))
    now = utcnow()
    for category, title, pinned, days, posts in DISCUSSIONS:
        if title in existing:
            continue
        topic = _topic(categories[category], title, users, municipalities, posts, now - timedelta(days=days))
        topic.pinned = pinned
    practices = {}
    for spec in PRACTICES:
        if spec["title"] in existing or spec["ags"] not in municipalities:
            continue
        practices[spec["title"]] = _practice(categories[PRACTICE_CATEGORY], spec, users, municipalities, now)
    _adoptions(practices, users, municipalities)
    _practice_replies(practices, users)
    db.session.flush()
    return {"practices": len(practices)}


def _categories(network: Network) -> dict[str, ForumCategory]:
    found = {
        c.title: c for c in db.session.scalars(select(ForumCategory).where(ForumCategory.network_id == network.id))
    }
    for position, (title, description, audience) in enumerate(CATEGORIES, start=1):
        if title not in found:
            found[title] = ForumCategory(
                network_id=network.id, title=title, description=description, audience=audience, position=position
            )
            db.session.add(found[title])
    db.session.flush()
    return found


def _post(topic, author, municipality, text, when, first=False) -> Post:
    post = Post(
        topic=topic,
        author_id=author.id if author else None,
        municipality_id=municipality.id if municipality else None,
        body=text,
        body_html=rendering.render(text),
        is_first=first,
        created_at=when,
    )
    db.session.add(post)
    return post


def _topic(category, title, users, municipalities, posts, start, kind="discussion") -> Topic:
    author_key, ags, _text = posts[0]
    topic = Topic(
        category_id=category.id,
        network_id=category.network_id,
        kind=kind,
        title=title,
        author_id=users[author_key].id if author_key in users else None,
        municipality_id=municipalities[ags].id if ags in municipalities else None,
        created_at=start,
    )
    db.session.add(topic)
    when = start
    for n, (key, post_ags, text) in enumerate(posts):
        _post(topic, users.get(key), municipalities.get(post_ags), text, when, first=n == 0)
        last = when
        when = when + timedelta(hours=5 + 7 * n)
    topic.reply_count = len(posts) - 1
    topic.last_post_at = last
    db.session.flush()
    return topic


def _practice(category, spec, users, municipalities, now) -> Practice:
    municipality = municipalities[spec["ags"]]
    author = users.get(spec["author"]) or users.get("koordination")
    submitted = now - timedelta(days=spec["days_ago"] + 6)
    topic = _topic(
        category,
        spec["title"],
        {"a": author} if author else {},
        municipalities,
        [("a", spec["ags"], spec["summary"])],
        submitted,
        kind="practice",
    )
    published = spec["status"] == "published"
    reviewer = users.get("koordination")
    practice = Practice(
        topic=topic,
        municipality_id=municipality.id,
        status=spec["status"],
        size_class=size_class(municipality.population),
        submitted_at=submitted,
        reviewed_at=now - timedelta(days=spec["days_ago"]) if published else None,
        reviewed_by_id=reviewer.id if published and reviewer else None,
        published_at=now - timedelta(days=spec["days_ago"]) if published else None,
        **{k: spec[k] for k in ("initial_situation", "approach", "resources", "results", "transfer", "contact")},
    )
    practice.dimensions = [PracticeDimension(dimension_key=k) for k in spec["dimensions"]]
    if published:
        topic.last_post_at = practice.published_at
    db.session.add(practice)
    db.session.flush()
    return practice


def _adoptions(practices, users, municipalities) -> None:
    for title, ags, adopter, days, outcome in ADOPTIONS:
        practice = practices.get(title)
        if practice is None or ags not in municipalities or practice.published_at is None:
            continue
        when = practice.published_at + timedelta(days=days)
        user = users.get(adopter) if adopter else None
        db.session.add(
            Adoption(
                practice=practice,
                municipality_id=municipalities[ags].id,
                user_id=user.id if user else None,
                created_at=when,
                outcome=outcome,
                outcome_at=min(when + timedelta(days=60), utcnow()) if outcome else None,
            )
        )


def _practice_replies(practices, users) -> None:
    for title, key, days, text in PRACTICE_REPLIES:
        practice = practices.get(title)
        author = users.get(key)
        if practice is None or author is None or practice.published_at is None:
            continue
        when = practice.published_at + timedelta(days=days)
        membership = next(iter(author.memberships), None)
        _post(practice.topic, author, membership.municipality if membership else None, text, when)
        practice.topic.reply_count += 1
        practice.topic.last_post_at = max(practice.topic.last_post_at, when)
