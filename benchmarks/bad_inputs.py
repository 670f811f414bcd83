"""Bad input corpus: generate hostile and broken inputs beside good articles, run them all through
``run_sources`` in one run, and print what became of each input and the peak memory (RSS).

Files: empty and whitespace-only articles, a binary file, invalid UTF-8, mixed encodings, a huge
article (50 MB by default), HTML nested 10,000 elements deep, pages that are only a table or only a
list, a non-English article, a deeply nested JSON line, a gzip bomb saved as ``.gz`` (a suffix
claimgraph does not read: it is skipped in a directory). Over HTTP (a local server on loopback):
malformed and truncated RSS, a billion-laughs XML entity bomb as a feed, and a gzip bomb served with
``Content-Encoding: gzip`` both as a page and as a feed. Nothing is written into the repository.

The hostile part (issue 20): a FIFO named like an article, a sidecar that is a JSON array, a JSON
Lines line of 50 MB (over the line cap) before a good line, an article whose actor names hide
zero-width characters (and its clean copy), a redirect to ``http://[oops/``, a feed linking to the
IDNA-invalid ``http://xn--/``, and a page whose HTTP reason phrase carries rich markup and terminal
escape sequences.

    .venv/bin/python benchmarks/bad_inputs.py [--big-mb 50] [--line-mb 50] [--out DIR]

``tests/pipeline/test_run_bad_inputs.py`` runs the same corpus with a small huge article, and the hostile
part through the command line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GOOD_TEXTS = {
    "good-1.txt": "Talks in Ankara\n\n"
                  "Turkey supports the Government of National Accord in Libya, officials said on Monday.\n",
    "good-2.txt": "Moscow visit\n\n"
                  "Russia criticized the sanctions imposed by the European Union, the foreign ministry said.\n",
}
GOOD_PAGE = (
    b"<html><head><title>Envoy meets minister</title></head><body><article><h1>Envoy meets minister</h1>"
    b"<p>France condemned the attack on the embassy in Tripoli, the foreign ministry said on Tuesday. "
    b"The minister called for calm and urged all parties to return to talks in Geneva next week.</p>"
    b"</article></body></html>"
)
GERMAN = (
    "Die Regierung in Berlin hat am Montag neue Sanktionen gegen Russland angekündigt. "
    "Der Außenminister sagte, man werde die Ukraine weiter unterstützen.\n"
)
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>/pages/bomb-item.html</link></item></channel></rss>
"""
MALFORMED_RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>no close</title><link>/pages/good.html"
TRUNCATED_RSS = (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
    b"<item><title>good</title><link>/pages/good.html</link></item><item><title>cut"
)
NO_PROSE = "no prose: not one run of three words on a line"
NOT_ENGLISH = "not English (almost none of its words are English function words)"
NOT_A_FEED = b"<?xml version='1.0'?><catalog><book>not a feed</book></catalog>"
HOSTILE_GOOD = "Egypt condemned the attack on the embassy in Tripoli, the foreign ministry in Cairo said on Sunday.\n"
# Good articles that copy nothing else of the corpus, one per kind of input.
HOSTILE_SIDECAR = "Tunisia closed its border crossing with Libya after clashes near Ras Ajdir, officials said.\n"
HOSTILE_LINE = "Algeria recalled its ambassador from Mali over remarks made by the junta in Bamako on Friday.\n"
HOSTILE_PAGE = "Morocco signed a trade agreement with Nigeria in Rabat, the ministry of industry said on Monday."
# Zero-width space and word joiner inside the names: look-alikes of Iran and Israel.
LOOKALIKE = "Ir\u200ban threatened Isr\u2060ael with retaliation after a strike near Damascus, officials said.\n"
HOSTILE_REASON = "[/red] I'm a teapot \x1b]0;owned\x07\x1b[2J"


def gzip_bomb(decompressed_bytes: int) -> bytes:
    """Return gzip data that inflates to ``decompressed_bytes`` of spaces (about 1000:1)."""
    block = b" " * 1_048_576
    with tempfile.SpooledTemporaryFile(max_size=64 << 20) as spool:
        with gzip.GzipFile(fileobj=spool, mode="wb", compresslevel=9) as handle:
            for _ in range(decompressed_bytes // len(block)):
                handle.write(block)
        spool.seek(0)
        return spool.read()


def write_files(root: Path, *, big_bytes: int, long_bytes: int, max_chars: int) -> dict[str, str]:
    """Write the file part of the corpus under ``root``; return the expected outcome of each file (by name)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD_TEXTS.items():
        (root / name).write_text(text, encoding="utf-8")
    files = {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\r\n  \n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "invalid-utf8.txt": "Ankara und Moskau verst\xe4rken die Zusammenarbeit".encode("latin-1"),
        "mixed-encoding.txt": b"Turkey supports Libya. " + "Caf\xe9 cr\xe8me".encode("cp1252"),
        "german.txt": GERMAN.encode(),
        "nested.html": b"<html><body>" + b"<div>" * 10_000 + b"Turkey sent envoys to Moscow, the foreign ministry said"
                       b" on Monday." + b"</div>" * 10_000 + b"</body></html>",
        "table-only.html": b"<html><body><table>" + b"<tr><td>1</td><td>2.5</td><td>n/a</td></tr>" * 200
                           + b"</table></body></html>",
        "list-only.html": b"<html><body><ul>" + b"<li>item</li>" * 300 + b"</ul></body></html>",
        "bomb.html": BILLION_LAUGHS.replace(b"<rss", b"<html><body><p>&lol9;</p></body></html><rss"),
        "bomb.txt.gz": gzip_bomb(64 << 20),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    lines = [json.dumps({"id": "nested", "text": "x", "extra": None}).replace("null", "[" * 100_000 + "]" * 100_000),
             json.dumps({"id": "bad-date", "text": "Turkey supports Libya.", "published_at": "not a date at all"}),
             json.dumps(["not", "an", "object"])]
    (root / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_big(root / "big.txt", big_bytes)
    write_big(root / "long.txt", long_bytes)
    return {
        "empty.txt": "empty article", "whitespace.txt": "empty article", "binary.txt": "binary file, not text",
        "invalid-utf8.txt": "invalid UTF-8 at byte 23", "mixed-encoding.txt": "invalid UTF-8 at byte 26",
        "nested.html": "no article text found in the HTML page", "table-only.html": NO_PROSE,
        "list-only.html": NO_PROSE, "bomb.html": NO_PROSE, "german.txt": NOT_ENGLISH,
        "lines.jsonl:1": "not JSON (nesting too deep)",
        "lines.jsonl:2": "published_at 'not a date at all' is not a date",
        "lines.jsonl:3": "a line must be a JSON object",
        "big.txt": f"file of {big_bytes:,} bytes is over the cap of {4 * max_chars:,}",
        "long.txt": f"article has {long_bytes:,} characters, over the limit of {max_chars:,}",
    }


def write_big(path: Path, size: int) -> None:
    """Write an English article of ``size`` bytes, every line different (its shingles grow with its size)."""
    with path.open("wb") as handle:
        written, number = 0, 0
        while written < size:
            sentence = f"The minister said on day {number} that the talks in the capital of {number % 977} were over.\n"
            line = sentence.encode()[: size - written]
            handle.write(line)
            written += len(line)
            number += 1


@dataclass(frozen=True)
class Served:
    """What the corpus server answers on one path."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    encoding: str = ""
    status: int = 200
    reason: str = ""
    location: str = ""


def served_routes(*, bomb_bytes: int) -> dict[str, Served]:
    """Return the HTTP part of the corpus, by path."""
    bomb = gzip_bomb(bomb_bytes)
    return {
        "/robots.txt": Served(b"User-agent: *\nAllow: /\n", "text/plain"),
        "/pages/good.html": Served(GOOD_PAGE),
        "/pages/bomb-item.html": Served(GOOD_PAGE.replace(b"France", b"Italy")),
        "/pages/gzip-bomb.html": Served(bomb, encoding="gzip"),
        "/feeds/malformed.xml": Served(MALFORMED_RSS, "application/rss+xml"),
        "/feeds/truncated.xml": Served(TRUNCATED_RSS, "application/rss+xml"),
        "/feeds/laughs.xml": Served(BILLION_LAUGHS, "application/rss+xml"),
        "/feeds/gzip-bomb.xml": Served(bomb, "application/rss+xml", encoding="gzip"),
        "/feeds/not-a-feed.xml": Served(NOT_A_FEED, "application/xml"),
    }


def expected_http(base: str, *, cap: int) -> dict[str, str]:
    """Return the expected failure of each URL (what is not listed must be stored)."""
    return {
        f"{base}/pages/gzip-bomb.html": f"body is over the cap of {cap:,} bytes",
        f"{base}/feeds/gzip-bomb.xml": f"body is over the cap of {cap:,} bytes",
        f"{base}/feeds/not-a-feed.xml": "not an RSS or Atom feed",
    }


@contextmanager
def corpus_server(routes: dict[str, Served]) -> Iterator[str]:
    """Serve ``routes`` on a free loopback port; yield the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            self.send_response(route.status, route.reason or None)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.encoding:
                self.send_header("Content-Encoding", route.encoding)
            if route.location:
                self.send_header("Location", route.location)
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_hostile_files(root: Path, *, line_bytes: int) -> dict[str, str]:
    """Write the file part of the hostile corpus under ``root``; return the expected failure of each file (by name):
    what is not listed is stored (``good.txt``, ``lookalike.txt``, ``huge-line.jsonl:2``) or a copy of what is
    (``lookalike_clean.txt``: the same text once the look-alike is cleaned)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(HOSTILE_GOOD, encoding="utf-8")
    (root / "lookalike.txt").write_text(LOOKALIKE, encoding="utf-8")
    (root / "lookalike_clean.txt").write_text(LOOKALIKE.replace("\u200b", "").replace("\u2060", ""), encoding="utf-8")
    (root / "sidecar.txt").write_text(HOSTILE_SIDECAR, encoding="utf-8")
    (root / "sidecar.meta.json").write_text("[1, 2, 3]", encoding="utf-8")
    os.mkfifo(root / "fifo.txt")
    with (root / "huge-line.jsonl").open("wb") as handle:
        handle.write(b'{"id": "huge", "text": "')
        block = b"word " * 200_000
        for _ in range(line_bytes // len(block)):
            handle.write(block)
        after = {"id": "after-huge", "text": HOSTILE_LINE}
        handle.write(b'"}\n' + json.dumps(after).encode())
    return {
        "sidecar.txt": "sidecar.meta.json holds a JSON list, not an object",
        "fifo.txt": "fifo.txt is not a regular file (a named pipe)",
        "huge-line.jsonl:1": "line over the cap of",
    }


def hostile_routes() -> dict[str, Served]:
    """Return the HTTP part of the hostile corpus, by path."""
    linked = ("http://xn--/", "/hostile/teapot", "/hostile/good")
    links = "".join(f"<item><link>{link}</link></item>" for link in linked)
    page = f"<html><body><article><p>{HOSTILE_PAGE}</p></article></body></html>"
    return {
        "/robots.txt": Served(b"User-agent: *\nAllow: /\n", "text/plain"),
        "/hostile/redirect": Served(b"", status=302, location="http://[oops/"),
        "/hostile/teapot": Served(b"no", "text/plain", status=418, reason=HOSTILE_REASON),
        "/hostile/good": Served(page.encode()),
        "/hostile/feed.xml": Served(f"<rss version='2.0'><channel>{links}</channel></rss>".encode(),
                                    "application/rss+xml"),
    }


def hostile_sources(base: str) -> list[str]:
    """Return the URLs the hostile corpus run reads."""
    return [f"{base}/hostile/redirect", f"{base}/hostile/feed.xml"]


def expected_hostile_http(base: str) -> dict[str, str]:
    """Return the expected failure of each hostile URL (``/hostile/good`` must be stored)."""
    return {
        f"{base}/hostile/redirect": "bad redirect to 'http://[oops/'",
        "http://xn--/": "malformed URL (IDNAError: ",
        f"{base}/hostile/teapot": "HTTP 418 [/red] I'm a teapot",
    }


def http_sources(base: str) -> list[str]:
    """Return the URLs the corpus run reads: the feeds and the gzip-bomb page."""
    names = ("malformed", "truncated", "laughs", "gzip-bomb", "not-a-feed")
    return [f"{base}/feeds/{name}.xml" for name in names] + [f"{base}/pages/gzip-bomb.html"]


def peak_rss_mb() -> float:
    """Return this process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=float, default=50.0, help="size of the huge article in MB")
    parser.add_argument("--line-mb", type=float, default=50.0, help="size of the huge JSON Lines line in MB")
    parser.add_argument("--long-mb", type=float, default=1.5,
                        help="size of the long article (under the file cap, over the character limit)")
    parser.add_argument("--out", type=Path, default=None,
                        help="directory for the corpus and store (a temp dir by default)")
    args = parser.parse_args()
    from pipeline.run import build_pipeline, run_sources
    from pipeline.settings import Settings
    from pipeline.store import open_store

    with tempfile.TemporaryDirectory() as scratch:
        root = args.out or Path(scratch)
        settings = Settings(allow_private_hosts=True).with_db(f"sqlite:///{root / 'bad.db'}")
        pipeline = build_pipeline(settings)
        before = peak_rss_mb()
        started = time.perf_counter()
        expected = write_files(
            root / "files", big_bytes=int(args.big_mb * 1_000_000), long_bytes=int(args.long_mb * 1_000_000),
            max_chars=settings.max_chars,
        )
        expected.update(write_hostile_files(root / "hostile", line_bytes=int(args.line_mb * 1_000_000)))
        routes = {**served_routes(bomb_bytes=1 << 30), **hostile_routes()}
        with corpus_server(routes) as base, open_store(settings.db_url) as store:
            expected.update(expected_http(base, cap=settings.max_body_bytes))
            expected.update(expected_hostile_http(base))
            sources = [str(root / "files"), str(root / "hostile"), *http_sources(base), *hostile_sources(base)]
            stats = run_sources(sources, settings, store=store, pipeline=pipeline)
            stored = store.counts()
        report(stats, expected, stored, before=before, seconds=time.perf_counter() - started)


def report(stats, expected: dict[str, str], stored: dict[str, int], *, before: float, seconds: float) -> None:
    """Print every failure, whether it was expected, the counts and the memory figures."""
    for failure in stats.failures:
        name = failure.origin.rsplit("/", 1)[-1]
        mark = "ok " if failure.message.startswith(expected.get(name, expected.get(failure.origin, "\0"))) else "?? "
        print(f"{mark}{failure.stage:7} {failure.origin}: {ascii(failure.message[:110])[1:-1]}")
    print(f"read {stats.read}  new {stats.new}  failed {stats.failed}  duplicate {stats.duplicate}  "
          f"claims {stats.claims}  invisible characters removed {stats.invisible_removed}")
    print(f"stored: articles {stored['articles']}  claims {stored['claims']}  failures {stored['failures']}")
    print(f"peak RSS: {peak_rss_mb():.0f} MiB (after loading the pipeline: {before:.0f} MiB)  time: {seconds:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
