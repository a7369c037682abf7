"""The world of the mixed-load benchmark (bench/load_benchmark.py), built from the other
benchmarks' generators in one database:

    forum_data.generate   a forum of its own network (ids assigned by the generator, so it
                          goes in first, into the empty database)
    peer_data.generate    the national-scale network: ~10,800 municipalities, 3 rounds,
                          every self-check submitted with its scores (no TeamAnswer rows)

then, through the models as the services would leave them: aggregates.refresh() for
every round; in the open round a few municipalities' self-checks turned back into
drafts (scores removed) with a team of members each, who autosave (autosave_scenario's password); coordinators with a
second factor (one per heatmap user: a TOTP code counts once per account); officials
with a second factor in other municipalities of the national network (the incident
master key comes from AppSettings). Every account's password is in `Account`.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import forum_data
import peer_data
from autosave_scenario import PASSWORD as TEAM_PASSWORD
from autosave_scenario import Fixture


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    totp_secret: str | None = None


@dataclass
class World:
    network_id: int
    round_ids: list[int]
    municipalities: int
    #: One autosave fixture per team (its draft submission, questions, members).
    teams: list[Fixture]
    #: (lead account, latest submission id) of the peer benchmark's sampled leads.
    leads: list[tuple[Account, int]]
    coordinators: list[Account]
    officials: list[Account]
    #: Forum members of the forum's network (readers first, then posters).
    forum_members: list[Account]
    forum_topic_ids: list[int]
    forum_category_ids: list[int]
    forum_long_topics: list[tuple[int, int]]
    summary: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def forum_member_emails(summary: dict, count: int) -> list[str]:
    """Members of forum_data's main network: its municipality i (0-based) is in the
    other network when i % 20 == 0; its people are the users 3i+1 (lead), 3i+2, 3i+3."""
    emails = []
    for i in range(summary["municipalities"]):
        if i % 20 == 0:
            continue
        emails += [f"person{3 * i + k}@bench.weltoffen.de" for k in (1, 2, 3)]
        if len(emails) >= count:
            break
    return emails[:count]


def _person(email: str, name: str, password_hash: str, **extra):
    from weltoffen.auth.models import User
    from weltoffen.extensions import db

    user = User(email=email, name=name, password_hash=password_hash, **extra)
    db.session.add(user)
    db.session.flush()
    return user


def _with_totp(user) -> str:
    from weltoffen.auth import totp

    secret = totp.new_secret()
    totp.store_secret(user, secret)
    return secret


def _member(user_id: int, municipality_id: int, role: str) -> None:
    from weltoffen.extensions import db
    from weltoffen.network.models import Membership

    db.session.execute(Membership.__table__.insert(), [
        {"user_id": user_id, "municipality_id": municipality_id, "role": role,
         "created_at": datetime.now(UTC)}])


def _draft_teams(net, teams: int, team_size: int, password_hash: str, rng: random.Random) -> list[Fixture]:
    """Turn the open round's submissions of `teams` municipalities (not the leads') back
    into drafts and give each a team of members."""
    import sqlalchemy as sa

    from weltoffen.extensions import db
    from weltoffen.selfcheck.models import DimensionScore, Questionnaire, Submission

    definition = db.session.get(Questionnaire, net.questionnaire_id).definition
    questions = [q for d in definition["dimensions"] for q in d["questions"]]
    taken = {mid for _e, mid, _s in net.leads}
    open_round = net.round_ids[-1]
    candidates = db.session.execute(
        sa.select(Submission.id, Submission.municipality_id)
        .where(Submission.round_id == open_round).order_by(Submission.id)).all()
    picked = rng.sample([c for c in candidates if c.municipality_id not in taken], teams)
    fixtures = []
    for t, (sid, mid) in enumerate(picked):
        db.session.execute(sa.delete(DimensionScore).where(DimensionScore.submission_id == sid))
        db.session.execute(sa.update(Submission).where(Submission.id == sid).values(
            status="draft", submitted_at=None, overall_score=None, overall_confidence=None,
            started_at=datetime.now(UTC)))
        users = []
        for k in range(team_size):
            user = _person(f"team{t:02d}-{k:02d}@load.weltoffen.de", f"Team {t} Mitglied {k}", password_hash)
            _member(user.id, mid, "member")
            users.append((user.id, user.email))
        fixtures.append(Fixture(sid, definition["dimensions"][0]["key"], questions, users, 0.0))
    return fixtures


def generate(args, rng: random.Random, log) -> World:
    """Inside an app context on a freshly migrated database; commits."""
    import sqlalchemy as sa

    from weltoffen.auth.passwords import hash_password
    from weltoffen.benchmark import aggregates
    from weltoffen.extensions import db
    from weltoffen.network.models import Municipality
    from weltoffen.selfcheck.models import Round

    seconds: dict = {}
    t0 = time.perf_counter()
    forum = forum_data.generate(args.topics, args.posts, rng, log)
    seconds["forum"] = round(time.perf_counter() - t0, 1)
    db.session.remove()

    t0 = time.perf_counter()
    net = peer_data.generate(args.municipalities, rng, False, log)
    seconds["national_network"] = round(time.perf_counter() - t0, 1)

    t0 = time.perf_counter()
    password_hash = hash_password(peer_data.PASSWORD)
    team_size = args.team_size
    # Team members log in through autosave_scenario.Session, with its password.
    teams = _draft_teams(net, math.ceil(args.users["autosave"] / team_size), team_size,
                         hash_password(TEAM_PASSWORD), rng)
    coordinators = [Account(net.coordinator_email, peer_data.PASSWORD, net.coordinator_totp)]
    for i in range(1, max(1, args.users["heatmap"])):
        user = _person(f"coordinator{i}@load.weltoffen.de", f"Koordination {i}", password_hash,
                       network_role="coordinator", network_id=net.network_id)
        coordinators.append(Account(user.email, peer_data.PASSWORD, _with_totp(user)))
    # Officials in the largest municipalities that are neither a lead's nor a team's.
    busy = {mid for _e, mid, _s in net.leads}
    busy |= {db.session.scalar(sa.text("SELECT municipality_id FROM submission WHERE id = :i"),
                               {"i": f.submission_id}) for f in teams}
    towns = [mid for mid in db.session.scalars(
        sa.select(Municipality.id).where(Municipality.network_id == net.network_id)
        .order_by(Municipality.population.desc()).limit(50)) if mid not in busy]
    officials = []
    for i in range(args.users["incident"]):
        user = _person(f"official{i}@load.weltoffen.de", f"Bürgermeisterin {i}", password_hash)
        _member(user.id, towns[i % len(towns)], "official")
        officials.append(Account(user.email, peer_data.PASSWORD, _with_totp(user)))
    db.session.commit()
    for round_ in db.session.scalars(sa.select(Round).order_by(Round.id)).all():
        aggregates.refresh(round_)
    db.session.commit()
    # As autovacuum would after a bulk load (forum_data analysed before the national
    # network went in): without statistics PostgreSQL joined submissions and
    # municipalities by state with a nested loop, 2.8 s for a benchmark page's
    # group members instead of milliseconds.
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()
    seconds["accounts_drafts_aggregates"] = round(time.perf_counter() - t0, 1)
    seconds["total"] = round(sum(seconds.values()), 1)

    wanted = args.users["forum_read"] + args.users["forum_post"] * args.poster_accounts
    members = [Account(e, forum_data.PASSWORD) for e in forum_member_emails(forum.summary, wanted)]
    leads = [(Account(email, peer_data.PASSWORD), subs[-1]) for email, _mid, subs in net.leads]
    summary = {
        "municipalities": net.municipalities, "rounds": len(net.round_ids),
        "submissions": 3 * net.municipalities, "draft_submissions_autosaved": len(teams),
        "team_members": sum(len(f.users) for f in teams), "coordinators": len(coordinators),
        "officials": len(officials), "forum_topics": forum.summary["topics"],
        "forum_posts": forum.summary["posts"], "forum_members": forum.summary["users"],
    }
    log(f"world: {summary} in {seconds['total']} s {seconds}")
    return World(net.network_id, net.round_ids, net.municipalities, teams, leads, coordinators,
                 officials, members, forum.topic_ids, forum.category_ids, forum.long_topics,
                 summary, seconds)
