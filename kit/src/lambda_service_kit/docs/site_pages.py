"""The pages the ``service-docs`` plugin generates, by file name in the site's ``docs/`` folder.

Standard library only: the docs-path checker (``lambda_service_kit.tools.doc_paths``) reads it to accept
links to these pages, which exist in the built site but never in the repository.
"""

from __future__ import annotations

SITE_CONFIG = "mkdocs.yml"
SLO_PAGE = "slos.md"
ALARM_CATALOGUE = "alarms.md"
CONFIGURATION_PAGE = "configuration.md"
ARCHITECTURE_PAGE = "architecture.md"
GENERATED_PAGES = frozenset({SLO_PAGE, ALARM_CATALOGUE, CONFIGURATION_PAGE, ARCHITECTURE_PAGE})
