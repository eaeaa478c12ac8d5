"""The AWS SDK that the Lambda Python runtime provides, as a folder for a local interpreter's path.

The asset leaves boto3 and botocore out because Lambda puts them on the path
beside the function's code. Local runs that otherwise see only the asset (the
asset test, `make local`) append this folder to get the same view. It links the
packages installed in this environment (requirements/dev.txt pins them).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

RUNTIME_PROVIDED_MODULES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")


def link_runtime_sdk(folder: Path) -> Path:
    """Fill ``folder`` with links to this environment's copies of the runtime-provided modules."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_PROVIDED_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(f"{name} is needed to stand in for the Lambda runtime: run `make install`")
        source = Path(spec.origin)
        if spec.submodule_search_locations:
            source = source.parent
        link = folder / source.name
        if link.is_symlink() and link.resolve() == source.resolve():
            continue
        link.unlink(missing_ok=True)
        link.symlink_to(source, target_is_directory=source.is_dir())
    return folder
