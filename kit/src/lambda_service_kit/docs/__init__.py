"""The service's documentation pages that follow the code: generated when its site builds, never written.

``make docs`` runs mkdocs with the kit's ``service-docs`` plugin (:mod:`lambda_service_kit.docs.plugin`),
which reads the typed configuration (``infra/config.py``) and what ``make synth`` wrote (``cdk.out/``) and
adds the SLO page, the alarm catalogue, the configuration reference and the architecture diagram to the
site. Each page is a plain function of its inputs, so tests can change a value and read the page again.
"""
