"""The web pages under load: a demo province of about 1,500 units (the units and their officials)
served by waitress as ``chitieu web`` serves it, 20 clients signed in, each requesting in turn the
overview, a unit's page, an indicator's page, the map and the health page (``/suc-khoe/``, the trivial page
of the same server: a comparison measured in the same run).

Printed as ``name: value`` lines: each page's p50 and p95 in ms under load, alone (one client),
and the ratio of each page's p95 to the trivial page's (``web_overview_p95_vs_trivial``; the goal
is at most 3); then where one overview request spends its time (a profile in a process of its
own: the snapshot, the page's figures, the template).

Run by ``bench/run.py`` on the bench's demo home of 1,000,000 dossiers, or alone:
``python bench/web_load.py [HOME]`` (a demo home of 20,000 dossiers built once under ``.bench/``;
the pages read stored values only, so their cost follows the units, not the dossiers).
The server is a child process bound to 127.0.0.1 on a free port, killed at the end in any case.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench"
QUARTER = "2024-Q4"
CLIENTS = int(os.environ.get("WEB_LOAD_CLIENTS", "20"))
REQUESTS = int(os.environ.get("WEB_LOAD_REQUESTS", "50"))
"""Requests per client (the pages in turn)."""
ALONE = 10
"""Requests of each page by one client, nothing else running: the pages' own times."""
DEADLINE = 75.0
"""Seconds the loaded run may take at most: clients stop early (and say so) past it."""
SERVER_THREADS = 8
"""As ``chitieu web`` serves (``chitieu.app.web.serve``)."""
DEMO_DOSSIERS = 20_000
USERNAME = "vanphong"
GOAL = 3.0
"""The overview's p95 at most this many times the trivial page's."""


def pages(unit: str) -> dict[str, str]:
    """The pages requested, by name, the trivial one last."""
    q = f"?quy={QUARTER}"
    return {
        "overview": f"/{q}",
        "unit": f"/don-vi/{unit}/{q}",
        "indicator": f"/chi-so/online_dossiers/{q}",
        "map": f"/ban-do/{q}&chi_so=online_dossiers",
        "trivial": "/suc-khoe/",
    }


MARKERS = {
    "overview": "Quý IV/2024".encode(),
    "unit": "Quý IV/2024".encode(),
    "indicator": b"SELECT",
    "map": b'"mark"',
}
"""What each page must hold to count as served (the trivial page starts with «ok»)."""


# --- the server's process ------------------------------------------------------------------


def _setup(home: Path) -> tuple[str, str]:
    """Django pointed at ``home`` as ``chitieu web`` does; the demo accounts made when missing.
    Returns the unit whose page is requested (the district with the most units under it) and
    the count of the home's units."""
    from chitieu.app.web import demo_accounts, prepare

    prepare(home, host="127.0.0.1", production=False)
    from django.contrib.auth.models import User

    from chitieu.app.home import require_tree

    if not User.objects.filter(username=USERNAME).exists():
        demo_accounts(home)
    tree = require_tree(home)
    districts = [u for u in tree if u.level == "district"]
    unit = max(districts, key=lambda u: (len(tree.subtree(u.code)), u.code)).code
    officials = sum(1 for u in tree if u.level == "official")
    return unit, f"{len(tree)} ({officials} officials)"


def serve(home: Path) -> None:
    """The server's process: waitress on 127.0.0.1, a free port; prints what ``server`` reads."""
    unit, units = _setup(home)
    import waitress
    from django.core.wsgi import get_wsgi_application

    server: Any = waitress.create_server(
        get_wsgi_application(),
        host="127.0.0.1",
        port=0,
        threads=SERVER_THREADS,
        ident="chitieu",
    )
    print(json.dumps({"port": server.effective_port, "unit": unit, "units": units}), flush=True)
    server.run()


@contextmanager
def server(home: Path) -> Iterator[dict[str, Any]]:
    """The server running in a child process (its own process group): what it printed (its
    port, the unit to request, the home's units); stopped on leaving, whatever happened."""
    log = CACHE / "web-load-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(home)],
            stdout=subprocess.PIPE,
            stderr=errors,
            start_new_session=True,
        )
        try:
            started: dict[str, Any] = {}
            reader = threading.Thread(
                target=lambda: (
                    started.update(json.loads(process.stdout.readline() or "{}"))
                    if process.stdout
                    else None
                ),
                daemon=True,
            )
            reader.start()
            reader.join(60)
            if "port" not in started:
                tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise SystemExit(f"the web server did not start:\n{tail}")
            yield started
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


# --- the clients ---------------------------------------------------------------------------


@dataclass
class Client:
    """One browser's worth: its own connection (kept alive) and cookies."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None

    def request(self, path: str, *, form: dict[str, str] | None = None) -> tuple[int, bytes, float]:
        """GET ``path`` (POST ``form``): the status, the body and the seconds until its end."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request("POST" if form else "GET", path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        seconds = time.perf_counter() - started
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, data, seconds

    def sign_in(self) -> None:
        """Sign in as the demo office (the form's CSRF token and cookie, as a browser does)."""
        status, page, _ = self.request("/tai-khoan/dang-nhap/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or found is None:
            raise SystemExit(f"no sign-in form ({status})")
        from chitieu.app.accounts.choices import DEMO_PASSWORD

        form = {
            "csrfmiddlewaretoken": found.group(1).decode(),
            "username": USERNAME,
            "password": DEMO_PASSWORD,
            "next": "",
        }
        status, _, _ = self.request("/tai-khoan/dang-nhap/", form=form)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"signing in as {USERNAME} failed ({status})")

    def get(self, name: str, path: str) -> float:
        """Request a page, checked: its seconds."""
        status, body, seconds = self.request(path)
        marker = MARKERS.get(name)
        if status != 200 or (body[:2] != b"ok" if marker is None else marker not in body):
            raise RuntimeError(f"{path}: {status} {body[:200]!r}")
        return seconds


def _percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _loaded(port: int, addresses: dict[str, str]) -> tuple[dict[str, list[float]], float, int]:
    """Every client signed in, then all requesting at once: each page's seconds, the loaded
    run's wall time and how many requests were left undone at the deadline."""
    clients = [Client(port) for _ in range(CLIENTS)]
    signing = [threading.Thread(target=c.sign_in) for c in clients]
    for thread in signing:
        thread.start()
    for thread in signing:
        thread.join()
    if any("sessionid" not in c.cookies for c in clients):
        raise SystemExit("a client could not sign in")
    names = list(addresses)
    times: dict[str, list[float]] = {name: [] for name in names}
    failures: list[BaseException] = []
    undone = [0]
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + 1)
    deadline = [0.0]

    def run(index: int, client: Client) -> None:
        mine: list[tuple[str, float]] = []
        start.wait()
        try:
            for k in range(REQUESTS):
                if time.perf_counter() > deadline[0]:
                    with lock:
                        undone[0] += REQUESTS - k
                    break
                name = names[(index + k) % len(names)]
                mine.append((name, client.get(name, addresses[name])))
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        with lock:
            for name, seconds in mine:
                times[name].append(seconds)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + DEADLINE
    start.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise SystemExit(f"a request failed under load: {failures[0]}")
    return times, wall, undone[0]


def _alone(port: int, addresses: dict[str, str]) -> tuple[dict[str, list[float]], float]:
    """One client, nothing else running: warm-up (the first overview builds the quarter's
    snapshot: its seconds are returned), then ``ALONE`` requests of each page in turn."""
    client = Client(port)
    client.sign_in()
    cold = client.get("overview", addresses["overview"])
    for name, path in addresses.items():
        client.get(name, path)
    times: dict[str, list[float]] = {name: [] for name in addresses}
    for _ in range(ALONE):
        for name, path in addresses.items():
            times[name].append(client.get(name, path))
    return times, cold


# --- where an overview request spends its time ---------------------------------------------


def profile(home: Path) -> None:
    """In a process of its own: one overview request profiled (after a warm-up), printed as
    JSON — the request's milliseconds without and with the profiler, the cumulative
    milliseconds of its parts and the functions taking the most time themselves."""
    import cProfile
    import pstats

    _setup(home)
    from django.contrib.auth.models import User
    from django.test import Client as DjangoClient

    client = DjangoClient(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=USERNAME))
    path = f"/?quy={QUARTER}"
    client.get(path)
    started = time.perf_counter()
    for _ in range(3):
        client.get(path)
    plain = (time.perf_counter() - started) / 3
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    response = client.get(path)
    profiler.disable()
    profiled = time.perf_counter() - started
    stats: Any = pstats.Stats(profiler)
    parts = {
        "page_state": ("access.py", "page_state"),
        "snapshot": ("snapshot.py", "snapshot"),
        "heatmap": ("pages.py", "heatmap"),
        "cards": ("pages.py", "cards"),
        "furthest_behind": ("pages.py", "furthest_behind"),
        "render": ("shortcuts.py", "render"),
    }
    cumulative: dict[str, float] = {}
    for (file, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        for part, (wanted_file, wanted_function) in parts.items():
            if file.endswith(wanted_file) and function == wanted_function:
                cumulative[part] = cumulative.get(part, 0.0) + ct * 1000
    own = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:10]
    top = [
        f"{Path(file).parent.name}/{Path(file).name}:{line} {function} "
        f"{tt * 1000:.1f} ms own, {nc} calls"
        for (file, line, function), (_cc, nc, tt, _ct, _callers) in own
    ]
    print(
        json.dumps(
            {
                "plain_ms": plain * 1000,
                "profiled_ms": profiled * 1000,
                "bytes": len(response.content),
                "parts_ms": cumulative,
                "top": top,
            }
        ),
        flush=True,
    )


def _profile(home: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--profile", str(home)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    if done.returncode:
        raise SystemExit(f"the profile failed:\n{done.stderr.decode()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


# --- the step ------------------------------------------------------------------------------


def demo_home(dossiers: int = DEMO_DOSSIERS) -> Path:
    """A whole demo home of ``dossiers`` (``chitieu demo``), built once under ``.bench/``."""
    home = CACHE / f"documents-{dossiers}"
    if not (home / ".complete").exists():
        command = [sys.executable, "-c", "from chitieu.cli import main; main()"]
        subprocess.run(
            [*command, "demo", "--home", str(home), "--dossiers", str(dossiers)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (home / ".complete").touch()
    return home


def _line(name: str, value: str) -> None:
    print(f"{name}: {value}", flush=True)


def web_load(home: Path | None = None, emit: Callable[[str, str], None] = _line) -> float:
    """Measure the pages of ``home`` (a demo home of ``DEMO_DOSSIERS`` when ``None``) under
    load and print the lines; returns the overview's p95 against the trivial page's."""
    home = home or demo_home()
    started = time.perf_counter()
    with server(home) as started_server:
        port = int(started_server["port"])
        addresses = pages(str(started_server["unit"]))
        alone, cold = _alone(port, addresses)
        loaded, wall, undone = _loaded(port, addresses)
    emit("web_units", str(started_server["units"]))
    emit("web_overview_cold_ms", f"{cold * 1000:.0f} (the first request: the snapshot built)")
    for name in addresses:
        emit(f"web_{name}_alone_p50_ms", f"{statistics.median(alone[name]) * 1000:.1f}")
    done = sum(len(v) for v in loaded.values())
    emit(
        "web_load_requests",
        f"{done} by {CLIENTS} clients in {wall:.1f} s ({done / wall:.1f}/s)"
        + (f"; {undone} left undone at the {DEADLINE:.0f} s deadline" if undone else ""),
    )
    trivial = _percentile(loaded["trivial"], 95)
    ratios: dict[str, float] = {}
    for name, seconds in loaded.items():
        p50, p95 = statistics.median(seconds) * 1000, _percentile(seconds, 95) * 1000
        emit(f"web_{name}_p50_ms", f"{p50:.1f}")
        emit(f"web_{name}_p95_ms", f"{p95:.1f}")
        ratios[name] = p95 / (trivial * 1000)
    for name, ratio in ratios.items():
        if name != "trivial":
            emit(f"web_{name}_p95_vs_trivial", f"{ratio:.2f}")
    alone_ratio = statistics.median(alone["overview"]) / statistics.median(alone["trivial"])
    emit("web_overview_alone_p50_vs_trivial", f"{alone_ratio:.2f}")
    found = _profile(home)
    emit("web_overview_profile_ms", f"{found['plain_ms']:.1f} ({found['bytes']} bytes of HTML)")
    for part, ms in sorted(found["parts_ms"].items(), key=lambda item: -item[1]):
        emit(f"web_overview_profile_{part}_ms", f"{ms:.1f} of {found['profiled_ms']:.1f} profiled")
    if ratios["overview"] > GOAL:
        emit("web_overview_goal", f"missed: p95 {ratios['overview']:.2f}× the trivial page's")
        for index, entry in enumerate(found["top"], 1):
            emit(f"web_overview_profile_top_{index}", entry)
    else:
        emit("web_overview_goal", f"met (≤ {GOAL:g}× the trivial page's p95)")
    emit("web_load_seconds", f"{time.perf_counter() - started:.1f}")
    return ratios["overview"]


def main(argv: list[str]) -> None:
    """``--serve HOME`` and ``--profile HOME`` are the child processes; else measure."""
    if len(argv) == 2 and argv[0] == "--serve":
        serve(Path(argv[1]))
    elif len(argv) == 2 and argv[0] == "--profile":
        profile(Path(argv[1]))
    else:
        web_load(Path(argv[0]) if argv else None)


if __name__ == "__main__":
    main(sys.argv[1:])
