from importlib.resources import files

from sqlalchemy import select

from ..extensions import db
from . import importer
from .models import Network

DEMO_SLUG = "weltoffene-kommune"


def load_network() -> Network:
    network = db.session.scalar(select(Network).where(Network.slug == DEMO_SLUG))
    if network is None:
        network = Network(
            name="Weltoffene Kommune",
            slug=DEMO_SLUG,
            description=(
                "Netzwerk von Kommunen, die Offenheit, Teilhabe und Zusammenhalt vor Ort stärken – "
                "vom Dialog zum Zusammenhalt."
            ),
        )
        db.session.add(network)
        db.session.flush()
    data = files("weltoffen.network").joinpath("data/demo_municipalities.csv").read_bytes()
    result = importer.parse(data, network)
    if not result.ok:
        raise RuntimeError(f"demo municipalities are invalid: {result.errors}")
    importer.apply(result, network)
    db.session.refresh(network)
    return network
