"""The service-docs plugin in a real mkdocs build of the example: pages generated, Mermaid served, checks run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from lambda_service_kit.config import ServiceConfig, ServiceDefinition

MERMAID = "/* the npm package's dist/mermaid.min.js */\n"


@pytest.fixture
def site_config(
    example_service: ServiceDefinition,
    example_environments: dict[str, ServiceConfig],
    template_documents: dict[str, dict[str, Any]],
    tmp_path: Path,
) -> Iterator[Path]:
    """The example's mkdocs.yml, with the plugin pointed at templates and a Mermaid script in ``tmp_path``."""
    cdk_out = tmp_path / "cdk.out"
    cdk_out.mkdir()
    for environment, template in template_documents.items():
        stack_name = example_environments[environment].stack_name
        (cdk_out / f"{stack_name}.template.json").write_text(json.dumps(template))
    written = (example_service.root / "mkdocs.yml").read_text(encoding="utf-8")
    script = tmp_path / "mermaid.min.js"
    plugin_options = f"  - service-docs:\n      cdk_out: {cdk_out}\n      mermaid_script: {script}\n"
    script.write_text(MERMAID)
    assert "  - service-docs\n" in written
    config = example_service.root / "mkdocs.kit-test.yml"
    config.write_text(written.replace("  - service-docs\n", plugin_options), encoding="utf-8")
    yield config
    config.unlink()


def test_a_strict_build_writes_the_generated_pages_and_serves_mermaid(
    site_config: Path, tmp_path: Path, example_environments: dict[str, ServiceConfig]
) -> None:
    site = tmp_path / "site"

    build(load_config(str(site_config), site_dir=str(site)))

    for page in ("slos", "alarms", "configuration", "architecture"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "assets" / "javascripts" / "mermaid.min.js").read_text() == MERMAID
    architecture = (site / "architecture" / "index.html").read_text()
    assert architecture.count('<pre class="mermaid">') == len(example_environments)  # one diagram each
    # Served by the site and loaded after Material's bundle, which then fetches no copy from a CDN.
    assert architecture.index("assets/javascripts/bundle.") < architecture.index("assets/javascripts/mermaid.min.js")


def test_a_missing_template_aborts_the_build_asking_for_make_synth(
    site_config: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    next((tmp_path / "cdk.out").glob("*-prod.template.json")).unlink()

    with pytest.raises(Abort):
        build(load_config(str(site_config), site_dir=str(tmp_path / "site")))

    assert "greeting-service-prod.template.json: run `make synth` first" in caplog.text
