"""Warm overhead and memory: one process serves many requests after its cold start."""

from __future__ import annotations

import json
from pathlib import Path

from bench.probing import Subject, XRayDaemon, probe
from bench.process import run

RSS_AFTER_INVOCATIONS = 1000


def measure(subject: Subject, daemon: XRayDaemon, *, invocations: int) -> dict[str, object]:
    daemon.drain()
    result = probe(subject, daemon, invocations=invocations, rss_after=min(RSS_AFTER_INVOCATIONS, invocations + 1))
    in_all = int(result.figures["invocations_in_all"])
    return {
        "invocations": invocations,
        "sampled": subject.sampled,
        "spans_sent": daemon.drain() > 0,  # the daemon received datagrams: the requests were really traced
        "us_per_invoke": round(result.figures["warm_us"], 1),
        "output_lines_per_invoke": round(result.output_lines / in_all, 2),
        "rss_after_import_mib": round(result.figures["rss_after_import_kib"] / 1024, 1),
        "rss_after_invocations_mib": round(result.figures["rss_after_invocations_kib"] / 1024, 1),
        "rss_measured_after": min(RSS_AFTER_INVOCATIONS, in_all),
    }


def sdk_floor(otel: Subject, untraced: dict[str, object], *, iterations: int) -> dict[str, object]:
    """The least a sampled request of the otel handler can cost: the handler without tracing plus the SDK's spans.

    ``untraced``: the warm figures of the same handler baked with ``tracing=none``.
    """
    script = Path(__file__).with_name("span_floor.py")
    spec = json.dumps({"path": [str(otel.code_dir)], "iterations": iterations})
    measured = run([str(otel.python), "-I", "-S", "-B", str(script), spec])
    two_spans_us = round(json.loads(measured.output)["two_spans_us"], 1)
    untraced_us = float(untraced["us_per_invoke"])
    return {
        "subject": otel.label,
        "sdk_two_spans_us": two_spans_us,
        "untraced_handler_us": untraced_us,
        "floor_us": round(untraced_us + two_spans_us, 1),
    }
