"""Runs inside the measured interpreter (``python -I -S -B``), as Lambda would run the handler.

Standard library only. Arguments: a JSON object (see ``bench.handler_runs.ProbeSpec``).
Writes one JSON object to ``spec["result"]``; the handler's own output (log and metric lines)
goes to stdout, which the caller counts.
"""

import importlib
import json
import resource
import sys
import time


def main():
    spec = json.loads(sys.argv[1])
    sys.path[:0] = spec["path"]
    sys.path.extend(spec["runtime_path"])

    started = time.perf_counter()
    handler = importlib.import_module(spec["module"]).handler
    imported = time.perf_counter()
    result = {
        "import_ms": (imported - started) * 1000,
        "rss_after_import_kib": _max_rss_kib(),
        "modules": len(sys.modules),
        "botocore_loaded": "botocore" in sys.modules,
    }
    if spec["first_invoke"]:
        result.update(_invoke(handler, spec["invocations"], spec["rss_after"]))
    sys.stdout.flush()
    with open(spec["result"], "w") as output:
        json.dump(result, output)


def _invoke(handler, invocations, rss_after):
    from api_events import FakeLambdaContext, rest_event

    event = rest_event("POST", "/greetings", body='{"name": "Ada"}', headers={"Content-Type": "application/json"})
    context = FakeLambdaContext()
    before_first = time.perf_counter()
    response = handler(event, context)
    result = {"first_invoke_ms": (time.perf_counter() - before_first) * 1000, "status": response["statusCode"]}
    if invocations:
        result.update(_warm(handler, event, context, invocations, rss_after))
    return result


def _warm(handler, event, context, invocations, rss_after):
    """``invocations`` more calls after the first; peak RSS once ``rss_after`` calls were made in all."""
    figures = {}
    sys.stdout.flush()
    started = time.perf_counter()
    for count in range(2, invocations + 2):
        handler(event, context)
        if count == rss_after:
            figures["rss_after_invocations_kib"] = _max_rss_kib()
    elapsed = time.perf_counter() - started
    figures["warm_us"] = elapsed / invocations * 1e6
    figures.setdefault("rss_after_invocations_kib", _max_rss_kib())
    figures["invocations_in_all"] = invocations + 1
    return figures


def _max_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
