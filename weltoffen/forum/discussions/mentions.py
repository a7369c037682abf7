"""@mentions: every person of a network has a handle derived from their name
("Anna Schmidt" -> "anna.schmidt"), unique within the network. When several people
share a name, the one who joined first keeps the plain handle and the others get a
number ("anna.schmidt2", "anna.schmidt3", in order of their user id), so handles
stay stable as people join."""

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from sqlalchemy import or_, select

from ...auth.models import User
from ...extensions import db
from ...network.models import Membership, Municipality
from . import handle_cache, rendering

_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "ł": "l"})
_NOT_HANDLE = re.compile(r"[^a-z0-9]+")
#: Handles must match rendering.MENTION: at least three characters, ending in a letter or digit.
_MIN_LENGTH = 3


def base_handle(name: str) -> str:
    """The handle a name gives before it is made unique: lower-case ASCII letters and
    digits, words joined by dots ("Jörg-Peter Müller" -> "joerg.peter.mueller")."""
    text = (name or "").strip().lower().translate(_TRANSLITERATE)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    handle = _NOT_HANDLE.sub(".", text).strip(".")[:50].strip(".")
    if len(handle) < _MIN_LENGTH:
        handle = f"{handle}.user" if handle else "user"
    return handle


def network_people(network_id: int) -> list[tuple[int, str]]:
    """(user id, name) of the active people of a network: members of its municipalities
    and its coordinators, ordered by user id."""
    members = select(Membership.user_id).join(Municipality).where(Municipality.network_id == network_id)
    rows = db.session.execute(
        select(User.id, User.name)
        .where(User.active.is_(True), or_(User.id.in_(members), User.network_id == network_id))
        .order_by(User.id)
    ).all()
    return [(row.id, row.name) for row in rows]


def handles(network_id: int) -> Mapping[int, str]:
    """user id -> handle for everyone in the network (read-only). Kept per process
    until a write changes the people of a network (handle_cache.py): a request costs
    one primary-key lookup, the first one after a change one query more."""
    return handle_cache.cached(network_id, lambda: MappingProxyType(compute_handles(network_id)))


def compute_handles(network_id: int) -> dict[int, str]:
    """user id -> handle for everyone in the network, from the database (one query)."""
    used: set[str] = set()
    result: dict[int, str] = {}
    for user_id, name in network_people(network_id):
        base = handle = base_handle(name)
        number = 1
        while handle in used:
            number += 1
            handle = f"{base}{number}"
        used.add(handle)
        result[user_id] = handle
    return result


def _network_of(user) -> int | None:
    from ... import permissions

    ids = sorted(permissions.network_ids(user))
    return ids[0] if ids else None


def handle_of(user, network_id: int | None = None) -> str:
    """The user's handle in the network (by default the first network they belong to);
    people outside any network get their plain base handle."""
    network_id = network_id if network_id is not None else _network_of(user)
    if network_id is None:
        return base_handle(user.name)
    return handles(network_id).get(user.id) or base_handle(user.name)


def resolve(handle_list, network_id: int) -> list[User]:
    """The people of the network behind the given handles (case-insensitive, unknown
    handles ignored), in the order the handles were given, each once."""
    wanted = [h.lower() for h in handle_list]
    if not wanted:
        return []
    by_handle = {handle: user_id for user_id, handle in handles(network_id).items()}
    ids = list(dict.fromkeys(by_handle[h] for h in wanted if h in by_handle))
    if not ids:
        return []
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return [users[i] for i in ids if i in users]


_TAG = re.compile(r"(<[^>]*>)")
_SKIP_TAGS = {"code", "pre", "a"}


def highlight(html: str, known: set[str]) -> str:
    """Wrap @handles of `known` (lower-case) in <span class="mention"> in sanitised
    HTML, outside code, pre and links, never inside tags or attributes."""
    if not known:
        return html
    parts = _TAG.split(html)
    depth = 0
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</> ") else ""
            if name in _SKIP_TAGS:
                depth += -1 if part.startswith("</") else 1
            continue
        if depth == 0 and "@" in part:
            parts[i] = rendering.MENTION.sub(
                lambda m: f'<span class="mention">@{m.group(1)}</span>' if m.group(1).lower() in known else m.group(0),
                part,
            )
    return "".join(parts)


def render(body: str, network_id: int) -> tuple[str, list[User]]:
    """Markdown -> sanitised HTML with the mentions of real people of the network
    marked, and those people."""
    people = resolve(rendering.mention_handles(body), network_id)
    html = rendering.render(body)
    if people:
        ids = {p.id for p in people}
        known = {h for user_id, h in handles(network_id).items() if user_id in ids}
        html = rendering.sanitise(highlight(html, known))
    return html, people
