"""Both documentation sites build strictly and offline, follow the code, and work in a real browser.

The service's site (a bake's ``make docs``) generates its SLO page, alarm catalogue, configuration
reference and architecture diagram from ``infra/config.py`` and ``cdk.out/``; the template's site
(``mkdocs.yml`` at the root) its options page from ``cookiecutter.json`` and the kit's API reference from
its docstrings. Built with every proxy pointing at a closed port: nothing may be downloaded. Then
every page of both opens in Debian's Chromium with requests outside the site refused. The architecture
page's screenshot is kept under ``build/test-artifacts/``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from tests.conftest import QUIET_NODE, TEMPLATE_DIR, SharedEnvironment, bake, run_make
from tests.site_browser import CHROMIUM, browsing, site_pages

# Any HTTP(S) a build tries goes to a closed port of this machine and fails.
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
OFFLINE = dict.fromkeys(PROXY_VARIABLES, "http://127.0.0.1:9") | {
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
    "NO_MKDOCS_2_WARNING": "1",
}
GENERATED_PAGES = ("slos", "alarms", "configuration", "architecture")
ARTIFACTS = TEMPLATE_DIR / "build" / "test-artifacts"
MINUTES_PER_28_DAYS = 28 * 24 * 60


def build_site(mkdocs: Path, project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project``'s mkdocs.yml into ``site``, offline."""
    return subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_NODE, **OFFLINE},
        check=False,
    )


def templates_of(project: Path) -> dict[str, dict[str, Any]]:
    """Each environment's synthesized template, by environment name (``<slug>-<env>.template.json``).

    Each environment's CI stack (``<slug>-<env>-ci``, the deploy role) is not documented as a service stack.
    """
    prefix = f"{project.name}-"
    paths = sorted((project / "cdk.out").glob(f"{prefix}*.template.json"))
    named = {path.name.removeprefix(prefix).removesuffix(".template.json"): path for path in paths}
    return {name: json.loads(path.read_text()) for name, path in named.items() if not name.endswith("-ci")}


def notifying_alarm_names(template: dict[str, Any]) -> set[str]:
    return {
        properties.get("AlarmName") or properties["CompositeAlarmName"]
        for resource in template["Resources"].values()
        if resource["Type"] in ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")
        and (properties := resource["Properties"]).get("AlarmActions")
    }


def page_text(site: Path, page: str) -> str:
    """A built page's text, tags dropped."""
    return re.sub(r"<[^>]+>", "", (site / page / "index.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def service_site(default_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    run_make(default_project, "synth")
    site = tmp_path_factory.mktemp("service-site")
    built = build_site(default_project / ".venv" / "bin" / "mkdocs", default_project, site)
    assert built.returncode == 0, built.stdout + built.stderr
    return site


@pytest.fixture(scope="module")
def template_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("template-site")
    built = build_site(Path(sys.executable).parent / "mkdocs", TEMPLATE_DIR, site)
    assert built.returncode == 0, built.stdout + built.stderr
    return site


def test_the_service_site_generates_its_pages_from_the_code(default_project: Path, service_site: Path) -> None:
    for page in GENERATED_PAGES:
        assert (service_site / page / "index.html").is_file(), page
        assert not (default_project / "docs" / f"{page}.md").exists(), f"{page}.md is generated, never committed"
    catalogue = page_text(service_site, "alarms")
    for environment, template in templates_of(default_project).items():
        names = notifying_alarm_names(template)
        assert names, environment
        assert all(name in catalogue for name in names), environment
    assert (service_site / "assets" / "javascripts" / "mermaid.min.js").is_file()


PROD_SLO = "SloConfig(availability_percent=99.9, latency_percent=99.0, latency_threshold_ms=500)"
EDITED_PROD_SLO = "SloConfig(availability_percent=99.95, latency_percent=99.0, latency_threshold_ms=250)"


@pytest.fixture(scope="module")
def edited_project(tmp_path_factory: pytest.TempPathFactory, shared_environment: SharedEnvironment) -> Path:
    """A bake whose prod SLO was tightened in infra/config.py, then documented by its own `make docs`."""
    project = bake(tmp_path_factory.mktemp("edited-config"))
    shared_environment.adopt(project)
    config = project / "infra" / "config.py"
    assert PROD_SLO in config.read_text()
    config.write_text(config.read_text().replace(PROD_SLO, EDITED_PROD_SLO))
    run_make(project, "docs", shared=shared_environment)
    return project


def test_the_service_pages_change_when_the_config_changes(edited_project: Path) -> None:
    site = edited_project / "site"
    slos = page_text(site, "slos")
    budget_minutes = (100 - 99.95) / 100 * MINUTES_PER_28_DAYS
    assert "99.95% of requests are not 5xx" in slos
    assert "99.9% of requests are not 5xx" not in slos
    assert f"{budget_minutes:.1f} min per 28 days" in slos
    assert "99% of requests within 250 ms" in slos
    configuration = page_text(site, "configuration")
    assert re.search(r"latency_threshold_ms\s*1000\s*500\s*250", configuration), "dev 1000, staging 500, prod 250 ms"
    # The p99 alarm fires at twice the SLO threshold: the catalogue shows the synthesized value.
    catalogue = page_text(site, "alarms")
    assert re.search(rf"{edited_project.name}-prod-api-latency-p99\s*P3\s*Latency \(p99\) ≥ 500 over", catalogue)
    assert re.search(rf"{edited_project.name}-dev-api-latency-p99\s*P3\s*Latency \(p99\) ≥ 2000 over", catalogue)


def test_the_service_site_fails_when_runbooks_and_alarms_disagree(
    edited_project: Path, shared_environment: SharedEnvironment, tmp_path: Path
) -> None:
    runbooks = edited_project / "docs" / "runbooks.md"
    written = runbooks.read_text(encoding="utf-8")
    mkdocs = shared_environment.venv / "bin" / "mkdocs"
    try:
        runbooks.write_text(written.replace('<a id="function-throttles"></a>', ""), encoding="utf-8")
        missing = build_site(mkdocs, edited_project, tmp_path / "missing")
        runbooks.write_text(written + '\n<a id="queue-depth"></a>\n## Queue depth (P2)\n', encoding="utf-8")
        orphan = build_site(mkdocs, edited_project, tmp_path / "orphan")
    finally:
        runbooks.write_text(written, encoding="utf-8")

    assert missing.returncode != 0
    assert f"alarm {edited_project.name}-prod-ApiFunction-throttles links #function-throttles" in missing.stderr
    assert orphan.returncode != 0
    assert "runbook section #queue-depth belongs to no alarm" in orphan.stderr


def test_the_template_site_lists_every_option_and_the_kits_api(template_site: Path) -> None:
    options = page_text(template_site, "options")
    answers = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
    for name, value in answers.items():
        if not name.startswith("_"):
            assert name in options
            for choice in value if isinstance(value, list) else []:
                assert choice in options
    reference = page_text(template_site, "reference")
    for documented in ("ServiceConfig", "SloConfig", "ServiceMonitoring", "ServiceDocsPlugin", "rest_api"):
        assert documented in reference


@pytest.mark.skipif(not CHROMIUM.is_file(), reason="no /usr/bin/chromium: .ci/run installs Debian's chromium")
def test_both_sites_load_in_chromium_with_no_error_and_the_diagram_renders(
    default_project: Path, service_site: Path, template_site: Path
) -> None:
    for site in (service_site, template_site):
        with browsing(site) as browser:
            visits = [browser.visit(page) for page in site_pages(site)]
        assert len(visits) > 10
        assert [visit for visit in visits if not visit.clean] == []

    templates = templates_of(default_project)
    with browsing(service_site) as browser:
        assert browser.visit("architecture/").clean
        diagrams = browser.page.locator(".mermaid svg")
        diagrams.nth(len(templates) - 1).wait_for()
        assert diagrams.count() == len(templates)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        screenshot = ARTIFACTS / "service-site-architecture.png"
        browser.page.screenshot(path=str(screenshot), full_page=True)
        drawn = [diagrams.nth(index).text_content() or "" for index in range(len(templates))]
    print(f"architecture page screenshot: {screenshot}")
    # The page draws the environments in infra/config.py's order, one section (and diagram) each.
    order = re.findall(r'<h2 id="([^"]+)"', (service_site / "architecture" / "index.html").read_text())
    assert sorted(order) == sorted(templates)
    for text, template in zip(drawn, [templates[environment] for environment in order], strict=True):
        topics = [
            resource["Properties"]["DisplayName"]
            for resource in template["Resources"].values()
            if resource["Type"] == "AWS::SNS::Topic"
        ]
        assert topics
        assert all(topic in text for topic in topics)
        functions = [
            re.sub(r"[0-9A-F]{8}$", "", logical_id)
            for logical_id, resource in template["Resources"].items()
            if resource["Type"] == "AWS::Lambda::Function"
        ]
        assert functions
        assert all(f"Lambda function: {function}" in text for function in functions)
        assert "API Gateway REST API" in text
        assert "AWS Budgets" in text
        assert "P1 alarms" in text


def docs_site_hooks() -> ModuleType:
    """``scripts/docs_site.py``, the template site's mkdocs hooks, as mkdocs loads it: from its path."""
    spec = importlib.util.spec_from_file_location("docs_site", TEMPLATE_DIR / "scripts" / "docs_site.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_options_page_fails_when_a_question_has_no_section_or_a_section_no_question() -> None:
    hooks = docs_site_hooks()
    answers = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
    page = (TEMPLATE_DIR / "docs" / "options.md").read_text(encoding="utf-8")

    table = hooks.options_page(page, answers)
    with pytest.raises(PluginError, match=r"questions without a section: \['queue'\]"):
        hooks.options_page(page, {**answers, "queue": "sqs"})
    with pytest.raises(PluginError, match=r"sections without a question: \['tracing'\]"):
        hooks.options_page(page, {name: value for name, value in answers.items() if name != "tracing"})

    assert "| [`tracing`](#tracing) | Request tracing | `otel` |" in table


def test_links_between_repository_files_become_links_between_site_pages() -> None:
    hooks = docs_site_hooks()

    assert hooks.map_repository_links("[log](../kit/CHANGELOG.md#010)", "upgrading.md") == "[log](kit/CHANGELOG.md#010)"
    assert hooks.map_repository_links("[up](../docs/upgrading.md)", "kit/README.md") == "[up](../upgrading.md)"
    assert hooks.map_repository_links("[x](../options.md)", "decisions/0011-x.md") == "[x](../options.md)"
    assert hooks.map_repository_links("[wf](../.github/workflows/release.yml)", "kit/README.md") == (
        "wf (`.github/workflows/release.yml`)"
    )


def test_make_docs_serve_serves_the_site_on_127_0_0_1(default_project: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(default_project), "docs-serve", f"DOCS_PORT={port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **QUIET_NODE},
        start_new_session=True,
    )
    try:
        slos = wait_for_page(f"http://127.0.0.1:{port}/slos/", server, timeout_seconds=180)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    assert "Service level objectives" in slos


def wait_for_page(url: str, server: subprocess.Popen[bytes], *, timeout_seconds: float) -> str:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "make docs-serve stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(1)
    pytest.fail(f"nothing served at {url} within {timeout_seconds} s")
