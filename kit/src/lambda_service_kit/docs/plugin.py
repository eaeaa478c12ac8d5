"""The ``service-docs`` mkdocs plugin: adds the generated pages and Mermaid's script to the service's site.

In ``mkdocs.yml``::

    plugins:
      - search
      - service-docs

It reads the service whose ``mkdocs.yml`` this is (``service.toml``, ``infra/config.py``) and each
environment's template in ``cdk.out/`` (``make docs`` runs ``make synth`` first), and fails the build when
an alarm has no runbook section or a section has no alarm. Mermaid's script comes from the npm package
``make install`` put in ``node_modules/``, and is served by the site itself: no CDN at view time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from lambda_service_kit.config import ServiceFileError
from lambda_service_kit.docs.alarm_catalogue import alarm_catalogue
from lambda_service_kit.docs.architecture import architecture_page
from lambda_service_kit.docs.configuration_page import configuration_page
from lambda_service_kit.docs.runbook_sections import RunbookMismatchError, check_runbook_sections
from lambda_service_kit.docs.site_pages import ALARM_CATALOGUE, ARCHITECTURE_PAGE, CONFIGURATION_PAGE, SLO_PAGE
from lambda_service_kit.docs.slo_page import slo_page
from lambda_service_kit.project import current_service, environments

MERMAID_URI = "assets/javascripts/mermaid.min.js"


class ServiceDocsConfig(base.Config):
    """The plugin's options, each relative to the folder of ``mkdocs.yml`` (the service's)."""

    cdk_out = options.Type(str, default="cdk.out")
    mermaid_script = options.Type(str, default="node_modules/mermaid/dist/mermaid.min.js")
    runbooks = options.Type(str, default="runbooks.md")


class ServiceDocsPlugin(BasePlugin[ServiceDocsConfig]):
    """Adds the generated pages and Mermaid's script to the site; fails it when runbooks and alarms disagree."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Loaded before mkdocs-material's bundle looks for a global `mermaid`: it then fetches no copy of its own.
        config.extra_javascript.append(MERMAID_URI)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path).resolve().parent
        try:
            service = current_service(root)
            configured = environments(service)
        except ServiceFileError as error:
            raise PluginError(str(error)) from None
        templates = {name: self._template(root, env.stack_name) for name, env in configured.items()}
        runbooks = files.get_file_from_path(self.config.runbooks)
        if runbooks is None:
            raise PluginError(f"service-docs: no {self.config.runbooks} in {config.docs_dir}")
        try:
            check_runbook_sections(templates, runbooks.content_string)
        except RunbookMismatchError as error:
            raise PluginError(str(error)) from None
        pages = {
            SLO_PAGE: slo_page(configured),
            ALARM_CATALOGUE: alarm_catalogue(templates, runbooks_page=self.config.runbooks),
            CONFIGURATION_PAGE: configuration_page(service, configured),
            ARCHITECTURE_PAGE: architecture_page(templates),
        }
        for uri, content in pages.items():
            files.append(File.generated(config, uri, content=content))
        files.append(File.generated(config, MERMAID_URI, abs_src_path=str(self._mermaid_script(root))))
        return files

    def _template(self, root: Path, stack_name: str) -> dict[str, Any]:
        path = root / self.config.cdk_out / f"{stack_name}.template.json"
        if not path.is_file():
            raise PluginError(
                f"service-docs: no {self.config.cdk_out}/{path.name}: run `make synth` first (`make docs` does)"
            )
        template: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return template

    def _mermaid_script(self, root: Path) -> Path:
        script = root / self.config.mermaid_script
        if not script.is_file():
            raise PluginError(
                f"service-docs: no {self.config.mermaid_script}: `make install` installs Mermaid (npm ci)"
            )
        return script
