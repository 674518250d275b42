"""Who may use the server: the one-time token of the first address, the session cookie it
becomes, the CSRF token of the forms, and the addresses the browser may use.

A local server is reachable by every program on the computer and, through the browser, by every
web page the user visits. So kibericht's server

- answers only on the loopback address (`LOOPBACK`, see `server`);
- hands its address with a random one-time token to the one who started it; the first request
  with that token gets the session cookie (HttpOnly, SameSite=Strict, never readable by a
  script) and is sent on to the clean address, so the token is worthless afterwards;
- answers every request without the cookie with 403 — pages, JSON, static files;
- answers only to its own address in the Host header (a foreign name that resolves to
  127.0.0.1 is DNS rebinding) and to its own origin in the Origin header of anything that is not
  GET or HEAD;
- puts a CSRF token into every form and accepts no form without it.

Secrets come from `secrets` and are compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"
TOKEN_PARAMETER = "token"
CSRF_FELD = "csrf"


def _gleich(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8"))


@dataclass
class Zugang:
    """The secrets of one server run, for the server on `port`."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    sitzung: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    eingeloest: bool = False
    _sperre: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def cookie(self) -> str:
        """The cookie's name; with the port, as cookies do not tell ports apart."""
        return f"kibericht_{self.port}"

    @property
    def hosts(self) -> tuple[str, ...]:
        """The Host headers this server answers to."""
        return (f"{LOOPBACK}:{self.port}", f"localhost:{self.port}")

    def origin_erlaubt(self, origin: str | None, host: str) -> bool:
        """Whether a state-changing request comes from this server's own pages: the Origin
        header names exactly the address the request was sent to."""
        return origin is not None and host in self.hosts and origin == f"http://{host}"

    @property
    def adresse(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/"

    @property
    def erste_adresse(self) -> str:
        """The address with the one-time token, printed once when the server starts."""
        return f"{self.adresse}?{TOKEN_PARAMETER}={self.token}"

    def einloesen(self, token: str | None) -> bool:
        """True once: for the first request with the right token."""
        with self._sperre:
            if self.eingeloest or not _gleich(token, self.token):
                return False
            self.eingeloest = True
            return True

    def angemeldet(self, cookie: str | None) -> bool:
        return _gleich(cookie, self.sitzung)

    def csrf_gueltig(self, wert: str | None) -> bool:
        return _gleich(wert, self.csrf)

    def set_cookie(self) -> str:
        """The Set-Cookie header of the session: only for this server's pages, never sent from
        another site, never readable by a script; it ends with the browser session."""
        return f"{self.cookie}={self.sitzung}; Path=/; HttpOnly; SameSite=Strict"
