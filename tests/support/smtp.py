"""A real SMTP server on loopback (aiosmtpd) that keeps what arrives."""

import email
import re
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller


class _BoundController(Controller):
    """aiosmtpd's controller on a socket bound before it starts: asking the system for
    a free port and binding it later leaves a gap in which another process on the
    machine (a second test run, say) can take that port."""

    def __init__(self, handler, sock: socket.socket):
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1])
        self._sock = sock

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class SmtpServer:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self._arrived = threading.Condition()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._controller = _BoundController(self, sock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        with self._arrived:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
            self._arrived.notify_all()
        return "250 Message accepted"

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()

    def wait_until(self, found, timeout: float = 10.0):
        """The first truthy `found(messages)`, waiting for new mail (not polling)."""
        with self._arrived:
            result = self._arrived.wait_for(lambda: found(self.messages), timeout)
        return result

    def wait_for(self, to: str, timeout: float = 10.0) -> email.message.EmailMessage:
        def newest_to(messages):
            return next((m for m in reversed(messages) if to.lower() in m["To"].lower()), None)

        msg = self.wait_until(newest_to, timeout)
        if msg is None:
            raise AssertionError(f"no e-mail to {to} arrived within {timeout}s")
        return msg

    @staticmethod
    def body(msg) -> str:
        return msg.get_body(preferencelist=("plain",)).get_content()

    def link(self, to: str, path_part: str) -> str:
        body = self.body(self.wait_for(to))
        match = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", body)
        assert match, f"no link containing {path_part} in: {body}"
        return match.group(0)
