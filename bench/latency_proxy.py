"""A loopback TCP proxy that adds a delay to each request, as a network away would: for benchmarks.

    python -m bench.latency_proxy UPSTREAM_PORT DELAY_MS

Listens on a free loopback port and prints it; every chunk a client sends waits DELAY_MS before it is passed
on (an HTTP request on a kept-alive connection is one chunk: each request waits once). A line "stats" on
its standard input prints the requests seen (chunks that start an HTTP request) and the bytes each way;
"reset" zeroes them. `LatencyProxy(port, delay_ms)` runs it as a child process.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from typing import Any

METHODS = (b"GET ", b"HEAD ", b"PUT ", b"POST ", b"DELETE ")


class _Counts:
    requests = 0
    sent = 0  # bytes from clients
    received = 0  # bytes to clients


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float, upward: bool) -> None:
    try:
        while chunk := await reader.read(65536):
            if upward:
                if chunk.startswith(METHODS):
                    _Counts.requests += 1
                _Counts.sent += len(chunk)
                await asyncio.sleep(delay)
            else:
                _Counts.received += len(chunk)
            writer.write(chunk)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def _serve(upstream: int, delay: float) -> None:
    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", upstream)
        await asyncio.gather(_pipe(client_reader, server_writer, delay, True),
                             _pipe(server_reader, client_writer, delay, False))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    while line := await stdin.readline():
        if line.strip() == b"reset":
            _Counts.requests = _Counts.sent = _Counts.received = 0
        print(json.dumps({"requests": _Counts.requests, "sent": _Counts.sent, "received": _Counts.received}),
              flush=True)


class LatencyProxy:
    """The proxy as a child process in front of 127.0.0.1:`upstream`; `url` is its address."""

    def __init__(self, upstream: int, delay_ms: float) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "bench.latency_proxy", str(upstream), str(delay_ms)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())
        self.url = f"http://127.0.0.1:{self.port}"

    def _ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stats(self) -> dict[str, Any]:
        return self._ask("stats")

    def reset(self) -> dict[str, Any]:
        return self._ask("reset")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(10)


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1]), float(sys.argv[2]) / 1000))
