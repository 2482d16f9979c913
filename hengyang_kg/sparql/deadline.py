"""A total deadline for reading each request, against clients that trickle.

The socket timeout bounds each wait for the next bytes; a client that sends one byte every
few seconds never trips it. Here a request's clock starts at its first byte, and every
wait for more is cut to what is left of the deadline, so reading the request line, the
headers and the body together takes at most ``total`` seconds. A request that runs out
gets 408 and the connection is closed (an idle connection between requests is closed
after the socket timeout, without an answer).
"""

from __future__ import annotations

import io
import socket
import time
from http.server import BaseHTTPRequestHandler

TIMEOUT_408 = (b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
               b"Content-Length: %d\r\n\r\n%s")


class DeadlineReader(io.RawIOBase):
    """A connection's bytes, each request read within ``total`` seconds of its first byte,
    each wait at most ``idle`` seconds."""

    def __init__(self, sock: socket.socket, idle: float, total: float):
        self.sock, self.idle, self.total = sock, idle, total
        self.deadline: float | None = None
        self.expired = False

    def readable(self) -> bool:
        return True

    def begin(self) -> None:
        """A new request: its clock starts at its first byte."""
        self.deadline, self.expired = None, False
        self.sock.settimeout(self.idle)

    @property
    def started(self) -> bool:
        return self.deadline is not None

    def readinto(self, buffer) -> int:
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                self.expired = True
                raise TimeoutError(f"the request was not read within {self.total:g} s")
            self.sock.settimeout(min(self.idle, left))
        try:
            n = self.sock.recv_into(buffer)
        except TimeoutError:
            self.expired = self.deadline is not None and time.monotonic() >= self.deadline
            raise
        if n and self.deadline is None:
            self.deadline = time.monotonic() + self.total
        return n


class DeadlineHandler(BaseHTTPRequestHandler):
    """A request handler whose requests are read within ``request_deadline`` seconds."""

    request_deadline = 30.0
    answered = False

    def setup(self) -> None:
        super().setup()
        self.reader = DeadlineReader(self.connection, float(self.timeout or 0) or 10.0, self.request_deadline)
        self.rfile = io.BufferedReader(self.reader)

    def handle_one_request(self) -> None:
        self.reader.begin()
        self.answered = False
        super().handle_one_request()
        if self.reader.started and not self.answered and self.close_connection:
            # the request was cut short by a timeout: say so instead of dropping it silently
            self.answered = True
            why = (f"the request was not read within {self.request_deadline:g} s: send it at once"
                   if self.reader.expired else f"the client was silent for {self.reader.idle:g} s mid-request")
            msg = (why + "\n").encode()
            try:
                self.connection.settimeout(1)
                self.connection.sendall(TIMEOUT_408 % (len(msg), msg))
            except OSError:
                pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self.answered = True
        self.connection.settimeout(self.reader.idle)  # writing gets the socket timeout, not what reading left
        super().send_response(code, message)
