"""A load run's records survive the trip through their JSON-lines file."""

from __future__ import annotations

from pathlib import Path

from lambda_service_kit.testing.load.results import NO_RESPONSE, RequestRecord, read_records, write_records


def test_records_round_trip(tmp_path: Path) -> None:
    records = [RequestRecord(0.5, 200, 12.25), RequestRecord(1.25, NO_RESPONSE, 30000.0), RequestRecord(2, 502, 3)]

    write_records(tmp_path / "run.jsonl", records)

    assert read_records(tmp_path / "run.jsonl") == records


def test_no_answer_is_a_server_error_and_a_429_is_not() -> None:
    assert RequestRecord(0, NO_RESPONSE, 0).server_error
    assert RequestRecord(0, 503, 0).server_error
    assert not RequestRecord(0, 429, 0).server_error
