"""Runs inside the measured interpreter (``python -I -S -B``), as Lambda would run the handler.

Standard library only. Argument: the JSON object ``bench.probing.probe`` writes: ``path``, what goes
before the standard library on ``sys.path`` (the asset); ``runtime_path``, what goes after it (the
runtime's AWS SDK); ``module``, the handler module; ``events_module``, the file of the kit's
``lambda_service_kit.testing.events``, loaded by file once the handler is imported, so the handler finds
nothing but the asset, the SDK and the standard library; ``first_invoke``, ``invocations``,
``rss_after``; ``result``, where to write. Writes one JSON object to ``spec["result"]``; the handler's
own output (log and metric lines) goes to stdout, which the caller counts.
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
        events = _load_by_file("service_kit_events", spec["events_module"])
        result.update(_invoke(handler, events, spec["invocations"], spec["rss_after"]))
    sys.stdout.flush()
    with open(spec["result"], "w") as output:
        json.dump(result, output)


def _load_by_file(name, path):
    """The module in the file ``path``, imported as ``name`` without adding its folder to ``sys.path``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _invoke(handler, events, invocations, rss_after):
    headers = {"Content-Type": "application/json"}
    event = events.rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=headers)
    context = events.FakeLambdaContext()
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
