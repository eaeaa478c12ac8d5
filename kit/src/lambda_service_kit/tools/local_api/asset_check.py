"""The host-built asset must carry the same service code as the asset in the synthesized template.

Lambda's asset holds wheels for the function's platform (arm64 by default) that may not load on this
machine, so the local server runs an asset built for this machine from the same sources and lock
file. This check refuses to serve when the two disagree, e.g. when ``src/`` changed after ``make synth``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


class StaleAssetError(RuntimeError):
    """The two assets were built from different service code."""


def check_asset_matches_template(handler: str, *, host_asset: Path, synthesized_asset: Path) -> None:
    package = handler.split(".", 1)[0]
    for asset, remedy in ((host_asset, "service-kit build --host"), (synthesized_asset, "make synth")):
        if not (asset / package).is_dir():
            raise StaleAssetError(f"No {package}/ in {asset}: run `{remedy}`.")
    if _source_digest(host_asset / package) != _source_digest(synthesized_asset / package):
        raise StaleAssetError(
            f"{host_asset} and {synthesized_asset} hold different {package}/ code: run `make local` (it rebuilds both)."
        )


def _source_digest(package_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
