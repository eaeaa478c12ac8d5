"""Run by test_asset_pruning.py in a bare interpreter (``python -I -S``).

Arguments: the asset folder, the folder of modules the Lambda runtime provides (the AWS SDK), then
top-level package names. Imports every module of those packages that the asset holds, as source
or as bytecode only, and prints one JSON line: the modules tried and the ones that failed, with why.
"""

import importlib
import json
import sys
import warnings
from pathlib import Path

asset_dir, runtime_dir, *packages = sys.argv[1:]
sys.path.insert(0, asset_dir)
sys.path.append(runtime_dir)
warnings.simplefilter("ignore")  # deprecated modules warn on import; only failures matter here

asset = Path(asset_dir)
modules = []
for package in packages:
    for path in sorted((asset / package).rglob("*.py*")):
        if path.suffix in {".py", ".pyc"} and "__pycache__" not in path.parts:
            parts = path.relative_to(asset).with_suffix("").parts
            modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))

failed = {}
for module in dict.fromkeys(modules):
    try:
        importlib.import_module(module)
    except Exception as error:
        failed[module] = f"{type(error).__name__}: {error}"
print("RESULT " + json.dumps({"tried": len(modules), "failed": failed}))
