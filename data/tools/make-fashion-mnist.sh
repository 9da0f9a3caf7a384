#!/usr/bin/env bash
# Regenerates data/fashion-mnist/*.gz, the 10,000-image test split of Fashion-MNIST (images and labels, IDX), from the
# Debian package dataset-fashion-mnist 0.0~git20200523.55506a9-1.
#
#   data/tools/make-fashion-mnist.sh [output-folder]      (default: data/fashion-mnist)
#
# Needs apt-get (to download the .deb from the Debian archive; run `apt-get update` first if apt does not know the
# package), dpkg-deb, sha256sum and gzip. Nothing is installed: the .deb is unpacked into a temporary folder that is
# removed on exit. On a machine without apt, download the .deb by hand (e.g. from snapshot.debian.org) and pass it as
# FASHION_MNIST_DEB=/path/to.deb; its SHA-256 is checked all the same. Each IDX file is checked against the SHA-256 of
# the file decompressed from Zalando Research's download before it is compressed; gzip -9 -n (no name, no time stamp)
# makes the output byte-identical on every run. See data/README.md for provenance, licence and checksums.
set -euo pipefail

tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "$tools_dir/../.." && pwd)"
output="$(realpath -m -- "${1:-$repo_dir/data/fashion-mnist}")"

version="0.0~git20200523.55506a9-1"
deb_name="dataset-fashion-mnist_${version}_all.deb"
# SHA-256 of the .deb as the Debian archive (bookworm/main) lists it in its Packages index.
deb_sha256="39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

if [[ -n "${FASHION_MNIST_DEB:-}" ]]; then
    cp -- "$FASHION_MNIST_DEB" "$work_dir/$deb_name"
else
    echo "downloading dataset-fashion-mnist=$version with apt-get download into $work_dir"
    (cd "$work_dir" && apt-get download -q "dataset-fashion-mnist=$version" > /dev/null)
fi
echo "$deb_sha256  $work_dir/$deb_name" | sha256sum --check --quiet
dpkg-deb -x "$work_dir/$deb_name" "$work_dir/unpacked"
package_data="$work_dir/unpacked/usr/share/datasets/fashion-mnist"

# The package's .gz files were recompressed by Debian (their MD5s differ from upstream's table), so the check is on
# the decompressed IDX files: 7,840,016 and 10,008 bytes, the SHA-256s of the files in Zalando Research's downloads.
mkdir -p "$work_dir/idx"
for name in t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    gzip -d -c "$package_data/$name.gz" > "$work_dir/idx/$name"
done
(cd "$work_dir/idx" && sha256sum --check --quiet) <<'SUMS'
5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b  t10k-images-idx3-ubyte
0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34  t10k-labels-idx1-ubyte
SUMS

mkdir -p "$output"
for name in t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    gzip -9 -n -c "$work_dir/idx/$name" > "$output/$name.gz.tmp"
    mv "$output/$name.gz.tmp" "$output/$name.gz"
    echo "$output/$name.gz: $(stat -c %s "$output/$name.gz") bytes, sha256 $(sha256sum "$output/$name.gz" | cut -d' ' -f1)"
done
