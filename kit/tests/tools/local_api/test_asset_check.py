"""The local server refuses to serve a host-built asset whose service code differs from the synthesized one."""

from __future__ import annotations

from pathlib import Path

import pytest

from lambda_service_kit.tools.local_api.asset_check import StaleAssetError, check_asset_matches_template


def write_package(asset: Path, text: str) -> None:
    (asset / "pkg").mkdir(parents=True)
    (asset / "pkg" / "api.py").write_text(text)


def test_the_same_code_in_both_assets_is_served(tmp_path: Path) -> None:
    for name in ("host", "synthesized"):
        write_package(tmp_path / name, "VERSION = 1\n")

    check_asset_matches_template(
        "pkg.api.handler", host_asset=tmp_path / "host", synthesized_asset=tmp_path / "synthesized"
    )


def test_a_stale_asset_is_refused(tmp_path: Path) -> None:
    write_package(tmp_path / "host", "VERSION = 1\n")
    write_package(tmp_path / "synthesized", "VERSION = 2\n")

    with pytest.raises(StaleAssetError, match="different pkg/ code"):
        check_asset_matches_template(
            "pkg.api.handler", host_asset=tmp_path / "host", synthesized_asset=tmp_path / "synthesized"
        )


@pytest.mark.parametrize(("missing", "remedy"), [("host", "service-kit build --host"), ("synthesized", "make synth")])
def test_a_missing_asset_says_how_to_build_it(tmp_path: Path, missing: str, remedy: str) -> None:
    present = "synthesized" if missing == "host" else "host"
    write_package(tmp_path / present, "VERSION = 1\n")

    with pytest.raises(StaleAssetError, match=f"run `{remedy}`"):
        check_asset_matches_template(
            "pkg.api.handler", host_asset=tmp_path / "host", synthesized_asset=tmp_path / "synthesized"
        )
