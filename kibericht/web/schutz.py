"""The server's gate: an ASGI middleware in front of every route, static files included, that
lets through only requests of the one who started the server (see `zugang`), and puts the
security headers on every answer.

In this order, for every HTTP request:

1. the Host header must be this server's address (`127.0.0.1:PORT` or `localhost:PORT`), else
   403 — a web page whose own name was made to resolve to 127.0.0.1 (DNS rebinding) gets nothing;
2. `/?token=…` with the one-time token sets the session cookie and sends the browser on to the
   clean address (303); a token used before, or a wrong one, is 403 (unless the browser already
   has the cookie: then it is only sent on);
3. without the session cookie: 403;
4. anything but GET and HEAD must carry this server's own origin in the Origin header, else 403
   (the CSRF token of the forms is checked by the pages, `formular`);
5. websockets are refused (the pages use none).

Every answer gets a Content-Security-Policy without 'unsafe-inline' (scripts and styles only
from the package's own files), `frame-ancestors 'none'`, `nosniff`, a Referrer-Policy that sends
nothing to other sites, and `Cache-Control: no-store` (pages and downloads hold personal data;
only the package's static files may be kept).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from kibericht.web.zugang import TOKEN_PARAMETER, Zugang

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# "same-origin", not "no-referrer": with "no-referrer" browsers send `Origin: null` on every
# POST, even to the page's own server, and the Origin check of step 4 could not tell the
# server's own forms from a sandboxed frame of another site. "same-origin" sends nothing to any
# other site either (and the pages link to none).
REFERRER_POLICY = "same-origin"
SICHERHEIT = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", REFERRER_POLICY.encode()),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
STATISCH = "/statisch/"
LESEND = ("GET", "HEAD")

VERWEIGERT = {
    "host": ("Falsche Adresse",
             "Diese Adresse gehört nicht zu kibericht. Öffnen Sie kibericht über die Adresse, die beim "
             "Start angezeigt wurde (sie beginnt mit http://127.0.0.1:)."),
    "token": ("Link nicht mehr gültig",
              "Dieser Link war nur einmal gültig und wurde schon benutzt. Nutzen Sie das Browserfenster, "
              "in dem kibericht schon geöffnet ist, oder starten Sie kibericht web neu; es zeigt dann "
              "einen neuen Link."),
    "cookie": ("Kein Zugang",
               "Dieser Browser ist bei kibericht nicht angemeldet. Öffnen Sie den Link, den kibericht web "
               "beim Start angezeigt hat, oder starten Sie kibericht web neu."),
    "origin": ("Anfrage abgelehnt",
               "Diese Aktion kam nicht von einer Seite von kibericht und wurde nicht ausgeführt. Laden Sie "
               "die Seite neu und versuchen Sie es noch einmal."),
}


def verweigert_html(titel: str, text: str) -> bytes:
    """A short German page for a refused request (no template: it must work before any)."""
    return (f"<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{titel} – kibericht"
            f"</title></head><body><main><h1>{titel}</h1><p>{text}</p></main></body></html>").encode()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    header = _header(scope, b"cookie")
    if not header:
        return None
    for teil in header.split(";"):
        key, _, value = teil.strip().partition("=")
        if key == name:
            return value
    return None


class Schutz:
    """The middleware (see the module)."""

    def __init__(self, app: ASGIApp, zugang: Zugang) -> None:
        self.app = app
        self.zugang = zugang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # websocket: the pages use none
            await send({"type": "websocket.close", "code": 1008})
            return
        grund = self._grund(scope)
        if grund == "einloesen":
            await self._antwort(send, 303, b"", [(b"location", b"/"),
                                                  (b"set-cookie", self.zugang.set_cookie().encode())])
            return
        if grund is not None:
            titel, text = VERWEIGERT[grund]
            await self._antwort(send, 403, verweigert_html(titel, text),
                                [(b"content-type", b"text/html; charset=utf-8")])
            return
        statisch = scope["path"].startswith(STATISCH)

        async def senden(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {h for h, _ in SICHERHEIT} and k.lower() != b"cache-control"]
                headers += SICHERHEIT
                headers.append((b"cache-control", b"private, max-age=3600" if statisch else b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, senden)

    def _grund(self, scope: Scope) -> str | None:
        """Why the request is refused (a key of `VERWEIGERT`), "einloesen" for the first request
        with the token, or None: let it through."""
        host = _header(scope, b"host") or ""
        if host not in self.zugang.hosts:
            return "host"
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        angemeldet = self.zugang.angemeldet(_cookie(scope, self.zugang.cookie))
        if TOKEN_PARAMETER in query:
            # the first address opened again in a browser that is signed in: on to the clean one
            if angemeldet or (scope["path"] == "/" and self.zugang.einloesen(query[TOKEN_PARAMETER][0])):
                return "einloesen"
            return "token"
        if not angemeldet:
            return "cookie"
        if scope["method"] not in LESEND and not self.zugang.origin_erlaubt(_header(scope, b"origin"), host):
            return "origin"
        return None

    @staticmethod
    async def _antwort(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [*headers, *SICHERHEIT, (b"cache-control", b"no-store"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
