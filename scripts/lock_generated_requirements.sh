#!/usr/bin/env bash
# Re-lock the generated project's requirements for every tracing option, with one
# set of versions across them: runtime-<tracing>.txt ships to Lambda, dev.txt is
# shared by all options. Needs uv (pip install uv) and the kit's wheels in kit/dist
# (make kit): the locks pin the kit's version from this repository. Generated
# projects re-lock their own files with `make lock`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/{{cookiecutter.project_slug}}/requirements"
compile() {
  uv pip compile --universal --python-version 3.11 --no-header --annotation-style line -q \
    --find-links "$root/kit/dist" "$@"
}
union=$(mktemp)
trap 'rm -f "$union" runtime.txt' EXIT
compile runtime-otel.in runtime-xray.in runtime-none.in -o "$union"
for tracing in none otel xray; do
  compile "runtime-$tracing.in" -c "$union" -o "runtime-$tracing.txt"
done
cp runtime-xray.txt runtime.txt
compile dev.in -c runtime-otel.txt -c runtime-xray.txt -o dev.txt
# Drop the temporary constraint files from the "# via" annotations.
for constraint in "$union" runtime-otel.txt runtime-xray.txt; do
  sed -i -e "s#-c $constraint, ##g" -e "s#, -c $constraint##g" -e "s#  \# via -c $constraint\$##" runtime-*.txt dev.txt
done
