"""A real SMTP server on loopback (aiosmtpd) that keeps what arrives."""

import email
import re
import socket
import time
from email import policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()

    def wait_for(self, to: str, timeout: float = 10.0) -> email.message.EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for msg in reversed(self.messages):
                if to.lower() in msg["To"].lower():
                    return msg
            time.sleep(0.05)
        raise AssertionError(f"no e-mail to {to} arrived within {timeout}s")

    @staticmethod
    def body(msg) -> str:
        return msg.get_body(preferencelist=("plain",)).get_content()

    def link(self, to: str, path_part: str) -> str:
        body = self.body(self.wait_for(to))
        match = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", body)
        assert match, f"no link containing {path_part} in: {body}"
        return match.group(0)
