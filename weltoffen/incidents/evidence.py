"""Evidence files (owned by the evidence part; this is the interface the recording
form calls)."""


class EvidenceRejected(ValueError):
    """The file is refused; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def store(incident, upload, uploader, *, link: str = "", captured_at=None, note: str = ""):
    """Take the SHA-256 of the upload first, check it, keep the original encrypted and
    an encrypted preview without metadata; returns the flushed Evidence. Raises
    EvidenceRejected. (Placeholder until the evidence part is built.)"""
    raise EvidenceRejected("evidence uploads are not available yet")
