"""Checks shared by every upload (forum attachments, incident evidence, CSV imports):
does an image really open as the format its bytes claim, a safe display name for a
file, and reading an upload only up to its limit."""

import io
import re
import unicodedata
import warnings

from PIL import Image


def image_opens(data: bytes, expected_format: str) -> bool:
    """The bytes decode as an image of `expected_format` (a Pillow format name) and are
    no decompression bomb."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected_format:
                    return False
                image.verify()
        return True
    except Exception:  # noqa: BLE001 - any decoder failure means "not a real image"
        return False


def clean_filename(name: str, extension: str, fallback: str = "datei") -> str:
    """A display and download name: the uploaded base name without path, control
    characters or quotes, with the extension of the detected type (the name's own
    extension is not trusted)."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\s.()-]", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"\s+", " ", stem).strip(" ._") or fallback
    return f"{stem[:150]}.{extension}"


def read_limited(storage, limit: int) -> bytes | None:
    """The upload's bytes, None when it has more than `limit` (only limit + 1 are read)."""
    data = storage.read(limit + 1)
    return None if len(data) > limit else data
