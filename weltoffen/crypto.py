"""Envelope encryption with AES-256-GCM (cryptography's AESGCM).

The master key comes from WELTOFFEN_INCIDENT_KEY (base64 of 32 bytes) or from the
key file instance/incident.key, created on first use with mode 0600. It seals small
secrets directly (TOTP secrets) and wraps the per-record data keys of incidents.
The master key never enters the database or a backup.
"""

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

NONCE_BYTES = 12
VERSION = b"\x01"


class CryptoError(Exception):
    pass


def master_key() -> bytes:
    cached = current_app.extensions.get("weltoffen_master_key")
    if cached:
        return cached
    configured = current_app.config.get("INCIDENT_KEY")
    if configured:
        key = base64.b64decode(configured)
    else:
        key_file = Path(current_app.instance_path) / "incident.key"
        if not key_file.exists():
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(base64.b64encode(AESGCM.generate_key(bit_length=256)))
        key = base64.b64decode(key_file.read_bytes())
    if len(key) != 32:
        raise CryptoError("the master key must be 32 bytes (base64-encoded)")
    current_app.extensions["weltoffen_master_key"] = key
    return key


def seal(plaintext: bytes, aad: bytes, key: bytes | None = None) -> bytes:
    """Encrypt and authenticate; `aad` binds the ciphertext to its place (e.g. b"totp:7")."""
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key or master_key()).encrypt(nonce, plaintext, aad)


def unseal(blob: bytes, aad: bytes, key: bytes | None = None) -> bytes:
    if not blob or blob[:1] != VERSION:
        raise CryptoError("unknown ciphertext format")
    nonce, ciphertext = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key or master_key()).decrypt(nonce, ciphertext, aad)
    except Exception as exc:  # InvalidTag: wrong key, wrong place or tampered
        raise CryptoError("ciphertext cannot be decrypted") from exc


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_key(data_key: bytes, aad: bytes) -> bytes:
    return seal(data_key, b"wrap:" + aad)


def unwrap_key(wrapped: bytes, aad: bytes) -> bytes:
    return unseal(wrapped, b"wrap:" + aad)
