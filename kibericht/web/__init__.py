"""kibericht in the browser: the second face of the application layer, beside the command line.

`kibericht web` starts a server on this computer only (127.0.0.1) and opens the browser; the
pages are views over the use cases of `kibericht.anwendung` — every page renders a use case's
result and has a JSON twin (`/seite.json`) with that use case's document, the one the command
line prints with `--format json`. Nothing in the core imports this package.

Modules, by what they do:

- `server`: bind the loopback address, run uvicorn, open the browser, stop on Ctrl+C;
- `app`: the Starlette application (pages, static files, German error pages) behind
- `schutz` and `zugang`: the gate — one-time token, session cookie, Host and Origin checks,
  CSRF token, security headers;
- `arbeitsplatz`: what a server works with (ki.toml, the logs, the read cache, the data state
  each kept value belongs to); `zwischenspeicher`: values computed once per data state;
- `auftraege`: long work in a background thread with its progress; `downloads`: files offered
  by ID; `hochladen`: an uploaded workbook, streamed, size-limited, private;
- `darstellung`: templates (`html/`), German numbers as the reports print them, JSON twins;
- `seiten`: one module per page or group of pages.

Scripts, styles and the icon come from `statisch/` (htmx vendored with its licence); no file is
loaded from the internet, no build step, no usage statistics.
"""
