#!/usr/bin/env bash
# Refresh the vendored GOV.UK Frontend assets from the npm registry.
#
# The built assets are committed (see docs/decisions/0002-vendor-govuk-frontend.md)
# so that `make run` works on a machine without Node.js. Run this script, with
# Node.js and npm available, only to change the pinned version.
set -euo pipefail
version="${1:-5.14.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/fullpicture/core/static/govuk"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "govuk-frontend@$version" >/dev/null && tar xzf govuk-frontend-*.tgz)
dist="$work/package/dist/govuk"
rm -rf "$dest"
mkdir -p "$dest"
cp "$dist/govuk-frontend.min.js" "$dest/"
cp -r "$dist/assets" "$dest/assets"
# The stylesheet asks for /assets/...; we serve it under /static/govuk/, so make
# its font and image references relative to the stylesheet itself.
sed 's#url(/assets/#url(assets/#g' "$dist/govuk-frontend.min.css" > "$dest/govuk-frontend.min.css"
cp "$work/package/LICENSE.txt" "$dest/LICENSE.txt" 2>/dev/null || true
echo "$version" > "$dest/VERSION"
echo "GOV.UK Frontend $version vendored into $dest"
