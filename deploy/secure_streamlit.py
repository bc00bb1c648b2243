"""`streamlit` with the same security headers and metrics rule as HAProxy, for a single process.

Streamlit has no setting for response headers, so one process (`./run-app`, `--address 0.0.0.0`,
the Docker image, the Kubernetes pod) would send no CSP, X-Frame-Options, nosniff or
Referrer-Policy, and would answer `/_stcore/metrics` to anyone. This wrapper adds one ASGI
middleware in front of Streamlit's own (its Starlette server builds its middleware list in
`create_streamlit_middleware`), then runs Streamlit's command line unchanged:

    python deploy/secure_streamlit.py run app.py [streamlit options]

The headers are read from deploy/haproxy.cfg, so there is one policy whichever way the app is served.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

HAPROXY_CONFIG = Path(__file__).resolve().parent / "haproxy.cfg"
# The metrics path, decoded and case-insensitive, as HAProxy matches it.
_METRICS = re.compile(r"_stcore/+metrics", re.I)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def security_headers(config: Path = HAPROXY_CONFIG) -> dict[str, str]:
    """The headers HAProxy sets on every response (`http-after-response set-header NAME "VALUE"`)."""
    return dict(re.findall(r'^\s*http-after-response set-header (\S+) "(.*)"$', config.read_text(), re.M))


class SecurityHeaders:
    """ASGI middleware: every HTTP response carries the headers; the metrics path answers 403."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in security_headers().items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in self.headers}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + self.headers
            await send(message)

        if _METRICS.search(scope.get("path", "")):
            await send_with_headers({"type": "http.response.start", "status": 403,
                                     "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send_with_headers({"type": "http.response.body", "body": b"Forbidden\n"})
            return
        await self.app(scope, receive, send_with_headers)


def install() -> None:
    """Put SecurityHeaders first in the middleware of every Starlette app Streamlit builds."""
    from starlette.middleware import Middleware
    from streamlit.web.server.starlette import starlette_app

    streamlit_middleware = starlette_app.create_streamlit_middleware

    def with_security_headers() -> list[Middleware]:
        return [Middleware(SecurityHeaders), *streamlit_middleware()]

    starlette_app.create_streamlit_middleware = with_security_headers


def main() -> None:
    install()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
