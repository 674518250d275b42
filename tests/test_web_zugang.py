"""The secrets of a server: random per run, the token good for exactly one request even when
many race for it, every comparison exact."""

from __future__ import annotations

import threading

from kibericht.web.zugang import Zugang


def test_each_server_has_its_own_secrets():
    a, b = Zugang(8000), Zugang(8000)
    assert len({a.token, a.sitzung, a.csrf, b.token, b.sitzung, b.csrf}) == 6
    assert all(len(s) >= 40 for s in (a.token, a.sitzung, a.csrf))
    assert a.erste_adresse == f"http://127.0.0.1:8000/?token={a.token}"
    assert a.cookie == "kibericht_8000" and a.hosts == ("127.0.0.1:8000", "localhost:8000")


def test_the_token_is_good_once_even_when_requests_race():
    z = Zugang(8000)
    ergebnisse: list[bool] = []
    threads = [threading.Thread(target=lambda: ergebnisse.append(z.einloesen(z.token))) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ergebnisse) == [False] * 19 + [True]
    assert not z.einloesen(z.token)


def test_comparisons_are_exact():
    z = Zugang(8000)
    assert not z.einloesen(None) and not z.einloesen(z.token[:-1]) and not z.einloesen(z.token + "a")
    assert not z.angemeldet(None) and not z.angemeldet(z.token) and z.angemeldet(z.sitzung)
    assert not z.csrf_gueltig(z.sitzung) and not z.csrf_gueltig("ä" + z.csrf) and z.csrf_gueltig(z.csrf)
    assert z.origin_erlaubt("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert z.origin_erlaubt("http://localhost:8000", "localhost:8000")
    assert not z.origin_erlaubt("http://localhost:8000", "127.0.0.1:8000")  # not the address requested
    assert not z.origin_erlaubt("http://127.0.0.1:8000", "evil.example:8000")
    assert not z.origin_erlaubt(None, "127.0.0.1:8000") and not z.origin_erlaubt("null", "127.0.0.1:8000")
