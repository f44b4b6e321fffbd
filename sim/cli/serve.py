"""``negsim serve``: the seminar page on a local web server (Starlette run by uvicorn)."""

from __future__ import annotations

import argparse
import socket
import sys

from ..scenario.errors import Location, ScenarioError
from .common import EXAMPLE_FORMATTER


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535; 0: any free)")
    return port


def add_parser(sub):
    p = sub.add_parser(
        "serve",
        help="run the seminar page: sliders for a scenario's parameters, live results",
        formatter_class=EXAMPLE_FORMATTER,
        description="Serve a local web page for a seminar: pick a bundled scenario or upload "
        "a scenario file, move its parameters on sliders, and see the outcomes, the payoff "
        "table with best responses, the equilibria, the chart, the explanation and the report "
        "change; switch a conflict's stability concept and convention; step through a tree's "
        "backward induction; draw the parameters to see how robust the result is; generate an "
        "exercise and check a student's answers; download the HTML handout of what is on "
        "screen. Uploaded files are kept only while the server runs, never with the bundled "
        "scenarios. Everything is served from the "
        "installed package (no internet needed). By default only this computer can open "
        "the page; --host 0.0.0.0 lets others on the same network join.\n\n"
        "examples:\n"
        "  negsim serve                      (then open http://127.0.0.1:8000)\n"
        "  negsim serve --port 8080\n"
        "  negsim serve --host 0.0.0.0       (a class on the same network)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any free)"
    )
    p.set_defaults(handler=run_command)
    return p


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a port in use or a bad address is a user error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        raise ScenarioError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port "
            "or --host",
            Location("--port"),
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_command(args) -> int:
    import uvicorn

    from ..web.app import create_app

    sock = bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"negsim seminar page: http://{shown}:{port}/  (Ctrl-C stops it)", file=sys.stderr)
    config = uvicorn.Config(
        create_app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=2
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it stopped on
        pass
    finally:
        sock.close()
    print("negsim seminar page stopped", file=sys.stderr)
    return 0
