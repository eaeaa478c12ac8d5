"""Warm overhead and memory: one process serves many requests after its cold start."""

from __future__ import annotations

from bench.probing import Subject, XRayDaemon, probe

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
