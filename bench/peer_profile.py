"""cProfile of one request each to the benchmark page and the heatmap, in-process
(Flask test client) on a generated SQLite network: which step dominates.

    .venv/bin/python bench/peer_profile.py [--municipalities 10800] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common.databases import AppSettings, fresh_database, migrated_app
from common.report import log
from peer_data import generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=10_800)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    from weltoffen.auth.models import User
    from weltoffen.extensions import db

    with tempfile.TemporaryDirectory() as tmp, fresh_database("sqlite", Path(tmp), label="prof") as url:
        with migrated_app(url, AppSettings.generate()) as app:
            net = generate(args.municipalities, random.Random("weltoffen-peer"), False, log)
            lead = db.session.scalar(db.select(User).where(User.email == net.leads[-1][0]))
            coord = db.session.scalar(db.select(User).where(User.email == net.coordinator_email))
            pages = [(lead, f"/benchmark/submissions/{net.leads[-1][2][-1]}"),
                     (coord, f"/benchmark/rounds/{net.round_ids[-1]}/heatmap")]
            for user, path in pages:
                client = app.test_client()
                with client.session_transaction() as sess:
                    sess["_user_id"] = user.session_token
                    sess["_fresh"] = True
                client.get(path)  # warm
                profile = cProfile.Profile()
                profile.enable()
                status = client.get(path).status_code
                profile.disable()
                print(f"\n=== {path} (HTTP {status}) ===")
                pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
                if "heatmap" not in path:
                    continue
                # The heatmap's steps called directly (a test-client session of the
                # coordinator answered 403 here; over HTTP with TOTP it answers 200).
                from weltoffen.benchmark import dashboard, views
                from weltoffen.selfcheck.models import Round
                from weltoffen.selfcheck.services import participation
                round_ = db.session.get(Round, net.round_ids[-1])
                with app.test_request_context():
                    profile = cProfile.Profile()
                    profile.enable()
                    dashboard.rows(round_, "", "name", False)
                    views.network_groups(round_)
                    participation(round_)
                    profile.disable()
                print("\n=== heatmap steps: dashboard.rows, network_groups, participation ===")
                pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
