"""The benchmarks' own helpers do what their figures rely on (the benchmarks themselves are not tests)."""

from __future__ import annotations

import http.server
import threading
import time

import requests

from bench.latency_proxy import LatencyProxy


def test_the_latency_proxy_delays_each_request_and_counts_requests_and_bytes() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = LatencyProxy(server.server_address[1], 50)
    try:
        http_session = requests.Session()
        http_session.trust_env = False
        start = time.perf_counter()
        for _ in range(3):  # one kept-alive connection
            assert http_session.get(f"{proxy.url}/", timeout=10).status_code == 200
        assert time.perf_counter() - start >= 3 * 0.05  # a lower bound only: each request waited
        counts = proxy.stats()
        assert counts["requests"] == 3 and counts["sent"] > 0 and counts["received"] > counts["sent"]
        assert proxy.reset()["requests"] == 0
    finally:
        proxy.stop()
        server.shutdown()
