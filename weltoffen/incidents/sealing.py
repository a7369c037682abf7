"""Envelope encryption of one incident (DESIGN.md, "Incidents are secret by
construction"): a random 256-bit data key per incident, stored wrapped by the master
key; contents sealed with AES-256-GCM under that key, each blob bound to its place
by the associated data (`incident:<id>:<purpose>`), so a blob moved to another
incident or field does not open."""

import json

from flask import g, has_app_context

from .. import crypto
from ..platform.db.columns import utcnow


class Shredded(Exception):
    """The incident's key was destroyed: its contents can never be read again."""


def _aad(incident, purpose: str = "") -> bytes:
    if incident.id is None:
        raise ValueError("flush the incident before sealing (its id is part of the associated data)")
    return f"incident:{incident.id}:{purpose}".encode()


def create_key(incident) -> bytes:
    """Give a flushed incident its data key; returns the key (kept for this request)."""
    key = crypto.new_data_key()
    incident.wrapped_key = crypto.wrap_key(key, _aad(incident))
    _cache()[incident.id] = key
    return key


def _cache() -> dict:
    if not has_app_context():
        return {}
    if "incident_keys" not in g:
        g.incident_keys = {}
    return g.incident_keys


def key_of(incident) -> bytes:
    """The incident's data key, unwrapped once per request; raises Shredded."""
    if incident.wrapped_key is None:
        raise Shredded(incident.id)
    cache = _cache()
    if incident.id not in cache:
        cache[incident.id] = crypto.unwrap_key(incident.wrapped_key, _aad(incident))
    return cache[incident.id]


def seal_bytes(incident, data: bytes, purpose: str) -> bytes:
    return crypto.seal(data, _aad(incident, purpose), key=key_of(incident))


def open_bytes(incident, blob: bytes, purpose: str) -> bytes:
    return crypto.unseal(blob, _aad(incident, purpose), key=key_of(incident))


def seal_json(incident, value: dict, purpose: str) -> bytes:
    return seal_bytes(incident, json.dumps(value, ensure_ascii=False, sort_keys=True).encode(), purpose)


def open_json(incident, blob: bytes | None, purpose: str) -> dict:
    if not blob:
        return {}
    return json.loads(open_bytes(incident, blob, purpose))


def shred(incident) -> None:
    """Destroy the wrapped key and the sealed blobs: the record becomes unreadable,
    its statistics columns stay. (Evidence files are removed by the caller.)"""
    incident.wrapped_key = None
    incident.sealed = None
    incident.shredded_at = utcnow()
    _cache().pop(incident.id, None)
