"""What a load run recorded: one line per request (when, status, latency), written as JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

NO_RESPONSE = 0  # the status of a request that got no HTTP response (connection refused, timeout)


@dataclass(frozen=True)
class RequestRecord:
    at_seconds: float  # since the run started
    status: int
    latency_ms: float

    @property
    def answered(self) -> bool:
        return self.status != NO_RESPONSE

    @property
    def server_error(self) -> bool:
        """What API Gateway counts in 5XXError, and what a client counts without an answer."""
        return self.status >= 500 or not self.answered  # noqa: PLR2004 - HTTP status classes


def write_records(path: Path, records: Iterable[RequestRecord]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps([round(record.at_seconds, 3), record.status, round(record.latency_ms, 2)]) + "\n")


def read_records(path: Path) -> list[RequestRecord]:
    return list(_parse(path.read_text(encoding="utf-8").splitlines()))


def _parse(lines: Iterable[str]) -> Iterator[RequestRecord]:
    for line in lines:
        if line.strip():
            at_seconds, status, latency_ms = json.loads(line)
            yield RequestRecord(at_seconds=float(at_seconds), status=int(status), latency_ms=float(latency_ms))
