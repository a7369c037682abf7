"""The simulated users of the mixed-load benchmark: one class per role, each with its own
Client (cookies), a log_in() and a step() that sends exactly ONE request and returns
(request kind, Response). The benchmark calls step() a fixed number of times per user
(bounded loops); the user keeps its state between calls (which page comes next, an
incident form that is half filled in), so phases can be cut anywhere.

    autosave        a team member POSTs an answer as htmx does (HX-Request, X-CSRFToken)
    benchmark_page  a lead GETs /benchmark/submissions/<id> (latest round)
    heatmap         a coordinator (TOTP) GETs /benchmark/rounds/<open round>/heatmap
    forum_read      a member GETs topic pages, category pages and the search, in turn
    forum_post      a member POSTs replies, a quarter as many requests as the others,
                    from several accounts in turn: the forum's own pacing
                    (FORUM_SECONDS_BETWEEN_POSTS) stays on, so an account posts again
                    only POST_SPACING seconds after its last answer (the thread sleeps;
                    the sleep is not part of any latency)
    incident        an official (TOTP) opens the new-incident form, the draft autosaves
                    once (htmx), then the report is saved: three requests, three kinds
"""

from __future__ import annotations

import random
import re
import time
from urllib.parse import quote

from autosave_scenario import Session, make_save
from common.http_client import Client, Response, find_csrf
from forum_benchmark import SEARCHES
from peer_measure import log_in_totp

#: Roles in the order users are created and reported.
ROLES = ("autosave", "benchmark_page", "heatmap", "forum_read", "forum_post", "incident")
#: The statuses each request kind must answer with; anything else is a failure.
EXPECTED = {
    "autosave": {200}, "benchmark_page": {200}, "heatmap": {200},
    "forum_topic": {200}, "forum_category": {200}, "forum_search": {200}, "forum_post": {302},
    "incident_form": {200}, "incident_draft": {200}, "incident_save": {302},
}
#: Request kinds per role (what one user of the role sends).
KINDS = {
    "autosave": ("autosave",), "benchmark_page": ("benchmark_page",), "heatmap": ("heatmap",),
    "forum_read": ("forum_topic", "forum_category", "forum_search"), "forum_post": ("forum_post",),
    "incident": ("incident_form", "incident_draft", "incident_save"),
}
#: Seconds between two posts of one account (the app asks for 5).
POST_SPACING = 5.5
FORM_TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')
QUERIES = [q for qs in SEARCHES.values() for q in qs]


class User:
    role = ""
    #: Requests of this role per request of the others (posting is rarer than reading).
    share = 1.0

    def __init__(self, index: int, port: int, world, seed: str):
        self.index = index
        self.port = port
        self.world = world
        self.rng = random.Random(f"{seed}:{self.role}:{index}")
        self.client = Client(port)
        self.steps = 0
        self.error: str | None = None

    def log_in(self) -> None:
        raise NotImplementedError

    def request(self) -> tuple[str, Response]:
        raise NotImplementedError

    def requests(self, n: int) -> int:
        """How many requests this user sends when the others send n (at least one)."""
        return max(1, round(n * self.share))

    def step(self) -> tuple[str, Response]:
        kind, response = self.request()
        self.steps += 1
        return kind, response

    def safe_log_in(self) -> None:
        """log_in(); a failure is kept in self.error (reported, the user sits out)."""
        try:
            self.log_in()
        except Exception as exc:  # noqa: BLE001 - reported as a failed user
            self.error = f"{self.role} {self.index}: {exc}"


class AutosaveUser(User):
    role = "autosave"

    def __init__(self, index, port, world, seed):
        super().__init__(index, port, world, seed)
        self.fixture = world.teams[index % len(world.teams)]
        uid, email = self.fixture.users[(index // len(world.teams)) % len(self.fixture.users)]
        self.session = Session(index, uid, email, self.client)

    def log_in(self) -> None:
        self.session.log_in(self.fixture)
        if self.session.error:
            raise RuntimeError(self.session.error)

    def request(self):
        question = self.rng.choice(self.fixture.questions)
        fields, _expected = make_save(question, self.rng, f"load-{self.index}-{self.steps}")
        return "autosave", self.client.request("POST", self.fixture.answer_path(question["key"]),
                                               form=fields, headers=self.session.headers())


class BenchmarkPageUser(User):
    role = "benchmark_page"

    def log_in(self) -> None:
        account, self.submission_id = self.world.leads[self.index % len(self.world.leads)]
        self.client.log_in(account.email, account.password)

    def request(self):
        return "benchmark_page", self.client.request("GET", f"/benchmark/submissions/{self.submission_id}")


class HeatmapUser(User):
    role = "heatmap"

    def log_in(self) -> None:
        account = self.world.coordinators[self.index]  # a TOTP code counts once per account
        log_in_totp(self.client, account.email, account.password, account.totp_secret)

    def request(self):
        return "heatmap", self.client.request("GET", f"/benchmark/rounds/{self.world.round_ids[-1]}/heatmap")


class ForumReadUser(User):
    role = "forum_read"

    def log_in(self) -> None:
        account = self.world.forum_members[self.index]
        self.client.log_in(account.email, account.password)

    def request(self):
        turn = (self.steps + self.index) % 3
        if turn == 0:
            topic = self.rng.choice(self.world.forum_topic_ids)
            return "forum_topic", self.client.request("GET", f"/forum/topics/{topic}")
        if turn == 1:
            category = self.rng.choice(self.world.forum_category_ids)
            return "forum_category", self.client.request("GET", f"/forum/categories/{category}")
        query = self.rng.choice(QUERIES)
        return "forum_search", self.client.request("GET", f"/forum/search?q={quote(query)}")


class ForumPostUser(User):
    role = "forum_post"
    share = 0.25

    def __init__(self, index, port, world, seed, accounts: int = 4, readers: int = 0):
        super().__init__(index, port, world, seed)
        first = readers + index * accounts
        self.accounts = world.forum_members[first:first + accounts]
        self.clients = [Client(port) for _ in self.accounts]
        self.tokens: list[str] = []
        self.last = [0.0] * len(self.accounts)

    def log_in(self) -> None:
        for account, client in zip(self.accounts, self.clients, strict=True):
            client.log_in(account.email, account.password)
            self.tokens.append(client.csrf_token(f"/forum/topics/{self.world.forum_topic_ids[0]}", "topic page"))

    def request(self):
        turn = self.steps % len(self.accounts)
        waiting = self.last[turn] + POST_SPACING - time.perf_counter()
        if waiting > 0:
            time.sleep(waiting)
        topic = self.rng.choice(self.world.forum_topic_ids)
        body = (f"Lastprobe {self.index}-{self.steps}: Bei uns hat die Beteiligung im "
                f"Quartier {self.rng.randint(1, 10**6)} gut funktioniert, danke für die Hinweise.")
        response = self.clients[turn].request("POST", f"/forum/topics/{topic}/reply",
                                              form=[("csrf_token", self.tokens[turn]), ("body", body)])
        self.last[turn] = time.perf_counter()
        return "forum_post", response


class IncidentUser(User):
    role = "incident"

    def __init__(self, index, port, world, seed):
        super().__init__(index, port, world, seed)
        self.form_token: str | None = None
        self.csrf: str | None = None
        self.drafted = False

    def log_in(self) -> None:
        account = self.world.officials[self.index]
        log_in_totp(self.client, account.email, account.password, account.totp_secret)

    def request(self):
        if self.form_token is None:
            response = self.client.request("GET", "/incidents/new")
            text = response.body.decode("utf-8", "replace")
            match = FORM_TOKEN_RE.search(text)
            self.form_token, self.csrf = (match.group(1) if match else None), find_csrf(response.body)
            self.drafted = False
            return "incident_form", response
        description = f"Drohschreiben Nr. {self.index}-{self.steps} an das Rathaus, per E-Mail."
        fields = [("form_token", self.form_token), ("date", time.strftime("%Y-%m-%d")),
                  ("form", "threat"), ("channel", "email"), ("targets", "official"),
                  ("perpetrator_known", "unknown"), ("description", description)]
        if not self.drafted:
            self.drafted = True
            return "incident_draft", self.client.request(
                "POST", "/incidents/autosave", form=fields[:-1] + [("description", description[:20])],
                headers={"HX-Request": "true", "X-CSRFToken": self.csrf or ""})
        self.form_token = None
        return "incident_save", self.client.request(
            "POST", "/incidents/new",
            form=[("csrf_token", self.csrf or ""), *fields, ("severity", "2"), ("action", "save")])


CLASSES = {cls.role: cls for cls in (AutosaveUser, BenchmarkPageUser, HeatmapUser, ForumReadUser,
                                     ForumPostUser, IncidentUser)}


def make_users(port: int, world, counts: dict[str, int], poster_accounts: int, seed: str) -> list[User]:
    """counts[role] users of each role, in ROLES order."""
    users: list[User] = []
    for role in ROLES:
        for i in range(counts[role]):
            if role == "forum_post":
                users.append(ForumPostUser(i, port, world, seed, poster_accounts, counts["forum_read"]))
            else:
                users.append(CLASSES[role](i, port, world, seed))
    return users
