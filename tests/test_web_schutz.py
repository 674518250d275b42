"""The gate of the web app, attacked: no cookie, a used or wrong token, a foreign Host (DNS
rebinding), a foreign or missing Origin, a form without CSRF token on every POST route, paths
instead of IDs, websockets — each refused, nothing done; and the security headers on every
answer."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from kibericht.web.schutz import CSP
from tests.web_helfer import ORIGIN, PORT, im_prozess


@pytest.fixture
def web(tmp_path):
    yield from im_prozess(tmp_path)


def _anonym(web, **headers) -> TestClient:
    return TestClient(web.client.app, base_url=ORIGIN, headers=headers)


@pytest.mark.parametrize("url", ["/", "/uebersicht", "/uebersicht.json", "/pruefung.json",
                                 "/monat/2025-03", "/statisch/htmx.min.js", "/statisch/kibericht.css",
                                 "/dateien/x", "/gibtsnicht", "/einstellungen.json"])
def test_without_the_cookie_every_request_is_403(web, url):
    antwort = _anonym(web).get(url, follow_redirects=False)
    assert antwort.status_code == 403
    assert "Kein Zugang" in antwort.text
    assert "Kommunales Integrationszentrum" not in antwort.text and "htmx" not in antwort.text


def test_a_wrong_cookie_is_403(web):
    client = _anonym(web)
    client.cookies.set(web.zugang.cookie, web.zugang.sitzung[:-1] + "x")
    assert client.get("/uebersicht").status_code == 403


def test_the_one_time_token_becomes_a_strict_http_only_cookie_once(web):
    client = _anonym(web)
    erste = client.get(f"/?token={web.zugang.token}", follow_redirects=False)
    assert erste.status_code == 303 and erste.headers["location"] == "/"
    cookie = erste.headers["set-cookie"]
    assert cookie.startswith(f"{web.zugang.cookie}={web.zugang.sitzung};")
    assert {"httponly", "samesite=strict", "path=/"} <= {t.strip().lower() for t in cookie.split(";")}
    assert web.zugang.token not in cookie
    assert client.get("/uebersicht").status_code == 200  # signed in with the cookie
    # the token is used up: another browser (no cookie) gets nothing with it
    zweite = _anonym(web).get(f"/?token={web.zugang.token}", follow_redirects=False)
    assert zweite.status_code == 403 and "nur einmal gültig" in zweite.text
    # the browser that has the cookie is only sent on to the clean address
    assert client.get(f"/?token={web.zugang.token}", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("token", ["", "x", "abc" * 20])
def test_a_wrong_token_is_403_and_does_not_use_up_the_right_one(web, token):
    assert _anonym(web).get(f"/?token={token}", follow_redirects=False).status_code == 403
    assert _anonym(web).get(f"/?token={web.zugang.token}", follow_redirects=False).status_code == 303


def test_the_token_is_taken_only_on_the_start_page(web):
    assert _anonym(web).get(f"/uebersicht?token={web.zugang.token}").status_code == 403
    assert not web.zugang.eingeloest


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}",
                                  "127.0.0.1", f"0.0.0.0:{PORT}", f"[::1]:{PORT}",
                                  f"localhost.evil.example:{PORT}"])
def test_a_foreign_host_is_403_even_with_the_cookie_and_the_token(web, host):
    """DNS rebinding: a site whose name resolves to 127.0.0.1 sends its own name as Host."""
    antwort = web.client.get("/uebersicht", headers={"host": host})
    assert antwort.status_code == 403 and "Falsche Adresse" in antwort.text
    assert _anonym(web, host=host).get(f"/?token={web.zugang.token}").status_code == 403
    assert not web.zugang.eingeloest


def test_localhost_with_the_port_is_the_same_server(web):
    assert web.client.get("/uebersicht", headers={"host": f"localhost:{PORT}"}).status_code == 200


@pytest.mark.parametrize("origin", [None, "null", "http://evil.example", f"http://127.0.0.1:{PORT + 1}",
                                    f"https://127.0.0.1:{PORT}", f"http://localhost:{PORT}"])
def test_a_state_changing_request_from_another_origin_is_403(web, origin):
    headers = {"origin": origin} if origin is not None else {}
    client = _anonym(web, **headers)
    client.cookies.set(web.zugang.cookie, web.zugang.sitzung)
    antwort = client.post("/monat/2025-03/abschliessen", data={"csrf": web.zugang.csrf, "bestaetigt": "ja"})
    assert antwort.status_code == 403 and "Anfrage abgelehnt" in antwort.text
    assert not (web.ki / "abschluesse").exists()


def _post_routen(web) -> list[str]:
    app = web.client.app.app  # the Starlette app behind the gate
    beispiele = {"monat": "2025-03", "jahr": "2025"}
    urls = []
    for route in app.routes:
        if isinstance(route, Route) and "POST" in (route.methods or ()):
            urls.append(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: beispiele.get(m.group(1), "1"), route.path))
        assert not isinstance(route, Mount) or route.path == "/statisch"
    return urls


def test_every_post_route_refuses_a_form_without_or_with_a_wrong_csrf_token(web):
    urls = _post_routen(web)
    assert {"/monat/2025-03/abschliessen", "/monat/2025-03/wiedereroeffnen", "/pruefung/eigene-datei",
            "/ablage/pruefen", "/vorlagen", "/monat/2025-03/bericht", "/jahr/2025/bericht"} <= set(urls)
    for url in urls:
        hochladen = url == "/pruefung/eigene-datei"  # takes only a multipart form (400 for another)
        for daten in ({}, {"csrf": ""}, {"csrf": web.zugang.csrf + "x"}, {"csrf": web.zugang.sitzung}):
            antwort = web.client.post(url, data={**daten, "bestaetigt": "ja", "grund": "x", "datei": "pdf"})
            assert antwort.status_code in ((400, 403) if hochladen else (403,)), (url, daten)
            antwort = web.client.post(url, data=daten, files={"datei": ("a.xlsx", b"PK", "text/plain")})
            erwartet = (403,) if hochladen else (400, 403)
            assert antwort.status_code in erwartet, (url, daten)
            assert "Formular" in antwort.text
    assert not (web.ki / "abschluesse").exists()
    assert web.ap.auftraege.laeuft_einer() is False and not list(web.ap.auftraege._auftraege)


def test_actions_that_write_are_post_only(web):
    for url in ("/pruefung/erneut", "/pruefung/markiert", "/ablage/pruefen", "/jahr/2025/bericht",
                "/monat/2025-03/bericht", "/pruefung/eigene-datei"):
        assert web.client.get(url).status_code in (404, 405), url
    # the confirmation page of a closing is a GET that changes nothing
    assert web.client.get("/monat/2025-03/abschliessen").status_code == 200
    assert not (web.ki / "abschluesse").exists()


@pytest.mark.parametrize("url", ["/dateien/..%2F..%2Fki.toml", "/dateien/../ki.toml", "/statisch/../app.py",
                                 "/statisch/..%2Fapp.py", "/ablage/1/..%2F..%2Fki.toml",
                                 "/ablage/../ki.toml"])
def test_no_file_path_from_the_browser(web, url):
    antwort = web.client.get(url)
    assert antwort.status_code in (403, 404)
    assert "schwerpunkt_mindestanteil" not in antwort.text and "def app" not in antwort.text


def test_security_headers_on_every_answer(web):
    for antwort in (web.client.get("/uebersicht"), web.client.get("/uebersicht.json"),
                    web.client.get("/statisch/kibericht.css"), web.client.get("/gibtsnicht"),
                    _anonym(web).get("/uebersicht"), web.client.get("/", headers={"host": "evil.example"})):
        h = antwort.headers
        assert h["content-security-policy"] == CSP
        assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP and "frame-ancestors 'none'" in CSP
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] in ("no-referrer", "same-origin")
    assert web.client.get("/uebersicht").headers["cache-control"] == "no-store"
    assert web.client.get("/statisch/kibericht.css").headers["cache-control"].startswith("private")


def test_pages_load_nothing_from_outside_and_no_inline_script_or_style(web):
    for url in ("/uebersicht", "/pruefung", "/monat/2025-03", "/quote", "/foerderung", "/vorlagen", "/ablage",
                "/einstellungen"):
        html = web.client.get(url).text
        assert not re.search(r"(src|href)=\"(https?:)?//", html), url
        assert "<script>" not in html and " style=" not in html and "<style" not in html, url
        assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", html) == ["/statisch/htmx.min.js",
                                                                   "/statisch/kibericht.js"]


def test_a_websocket_is_refused(web):
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect), web.client.websocket_connect("/"):
        pass
