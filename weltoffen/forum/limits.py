"""Posting limits in the spirit of Discourse (owned by the moderation part; this is
the interface the posting services call)."""


class PostingRefused(Exception):
    """A post or topic was refused; `message` is shown to the user, the text kept."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_post(user, body: str, *, network_id: int, new_topic: bool) -> None:
    """Raise PostingRefused when `user` may not post `body` now (placeholder: allows all)."""
