#!/usr/bin/env bash
# Places DuckDB's native library (from the npm registry package, pinned by the caller)
# into a folder of the repository. Called by build/DuckDbNative.targets when the library
# is missing; safe to run concurrently (the final move is atomic).
set -euo pipefail
package="$1"   # e.g. @duckdb/node-bindings-linux-x64
version="$2"   # e.g. 1.5.6-r.1
dest="$3"      # folder that receives libduckdb.so
mkdir -p "$dest"
if [ -f "$dest/libduckdb.so" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "$package@$version" >/dev/null )
tar -xzf "$work"/*.tgz -C "$work" package/libduckdb.so
mv "$work/package/libduckdb.so" "$dest/libduckdb.so.$$"
mv -f "$dest/libduckdb.so.$$" "$dest/libduckdb.so"
echo "DuckDB native library $package@$version placed in $dest"
