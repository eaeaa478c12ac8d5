"""Load tests with an SLO verdict: profiles, the results of a run, the verdict, Locust's side of a run.

``profiles``, ``results`` and ``verdict`` are plain Python; ``plan`` and ``user`` import Locust and
run only inside the Locust process that ``service-kit loadtest`` starts.
"""
