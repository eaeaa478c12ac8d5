"""Cold start: a fresh interpreter imports the handler module, then serves its first request."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

from bench.probing import ProbeResult, Subject, XRayDaemon, probe

IMPORTTIME_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def measure(
    subjects: list[Subject], daemon: XRayDaemon, *, runs: int, first_invoke: bool = False
) -> dict[str, dict[str, object]]:
    """Median figures of ``runs`` fresh processes per subject.

    Without ``first_invoke`` a process only imports the handler module: its wall time is the figure
    ``python -I -S -B -c "import <handler module>"`` gives, interpreter start-up included. With it,
    the process then serves one POST /greetings: import plus first invocation is the INIT work.

    Runs are interleaved (one of each subject per round, after one discarded warm-up round) so that
    the load of a shared machine weighs on every subject alike and same-run ratios stay meaningful.
    """
    samples: dict[str, list[ProbeResult]] = defaultdict(list)
    for round_number in range(runs + 1):
        for subject in subjects:
            result = probe(subject, daemon, first_invoke=first_invoke)
            if round_number:
                samples[subject.label].append(result)
    return {label: _summary(results) for label, results in samples.items()}


def contributors(subject: Subject, daemon: XRayDaemon, *, runs: int = 3, top: int = 10) -> dict[str, object]:
    """Where the import time goes, from ``python -X importtime`` (medians of ``runs``).

    ``packages``: self time summed per top-level package (``asyncio``, ``pydantic``...).
    ``modules``: cumulative time of the handler's own imports and of what they import directly.
    """
    per_package: dict[str, list[float]] = defaultdict(list)
    per_module: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        packages: dict[str, float] = defaultdict(float)
        for self_us, cumulative_us, depth, module in _parse(probe(subject, daemon, importtime=True).importtime):
            packages[module.split(".")[0]] += self_us / 1000
            if 1 <= depth <= 2:  # the handler's imports and theirs
                per_module[module].append(cumulative_us / 1000)
        for name, milliseconds in packages.items():
            per_package[name].append(milliseconds)
    return {
        "packages_ms": _top(per_package, top),
        "modules_ms": _top(per_module, top),
    }


def _parse(output: str) -> list[tuple[int, int, int, str]]:
    rows = []
    for line in output.splitlines():
        match = IMPORTTIME_LINE.match(line)
        if match:
            self_us, cumulative_us, indent, module = match.groups()
            rows.append((int(self_us), int(cumulative_us), (len(indent) - 1) // 2, module))
    return rows


def _top(values: dict[str, list[float]], count: int) -> dict[str, float]:
    medians = {name: statistics.median(samples) for name, samples in values.items()}
    ranked = sorted(medians.items(), key=lambda item: item[1], reverse=True)[:count]
    return {name: round(value, 1) for name, value in ranked}


def _summary(results: list[ProbeResult]) -> dict[str, object]:
    def median(values: list[float]) -> float:
        return round(statistics.median(values), 1)

    summary: dict[str, object] = {
        "runs": len(results),
        "process_ms": median([result.wall_ms for result in results]),
        "process_cpu_ms": median([result.cpu_ms for result in results]),
        "import_ms": median([result.figures["import_ms"] for result in results]),
        "rss_after_import_mib": round(results[0].figures["rss_after_import_kib"] / 1024, 1),
        "modules": results[0].figures["modules"],
        "botocore_loaded": results[0].figures["botocore_loaded"],
    }
    if "first_invoke_ms" in results[0].figures:
        first = [result.figures["first_invoke_ms"] for result in results]
        summary["first_invoke_ms"] = median(first)
        summary["init_ms"] = median(
            [result.figures["import_ms"] + ms for result, ms in zip(results, first, strict=True)]
        )
        summary["status"] = results[0].figures["status"]
    return summary
