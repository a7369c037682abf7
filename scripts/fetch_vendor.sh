#!/usr/bin/env bash
# Re-fetch the vendored front-end assets from the npm registry.
#
# To update: change the pinned versions below, run this script, review the diff
# (incl. weltoffen/static/vendor/VERSIONS.txt) and commit the result.
# Needs only `npm` (and the `node` it ships with), `tar` and network access to
# the npm registry. Leaves no node_modules/ or package.json behind.
set -euo pipefail

HTMX_VERSION="2.0.11"   # htmx.org, newest 2.x release (4.x is a different major line)
KERN_VERSION="2.7.2"    # @kern-ux/native (KERN UX design system)
FIRA_VERSION="0.4.1"    # @expo-google-fonts/fira-sans: Fira Sans 4.203 as TTF (KERN ships woff2 only)

HTMX_PKG="htmx.org"
KERN_PKG="@kern-ux/native"
FIRA_PKG="@expo-google-fonts/fira-sans"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/weltoffen/static/vendor"
HTMX_DIR="$VENDOR/htmx"
KERN_DIR="$VENDOR/kern"
FIRA_DIR="$VENDOR/fira"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

npm_q() { npm --loglevel=error "$@"; }

# sha512 SRI string of a file, same format as npm's dist.integrity.
sri_sha512() {
    node -e 'const c=require("crypto"),fs=require("fs");
process.stdout.write("sha512-"+c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# fetch <pkg> <version> <name>: npm pack into $TMP/<name>, verify integrity,
# extract to $TMP/<name>/package. Sets INTEGRITY and LICENSE_ID.
fetch() {
    local pkg="$1" ver="$2" name="$3" dir="$TMP/$3" tgz actual
    mkdir -p "$dir"
    INTEGRITY="$(npm_q view "$pkg@$ver" dist.integrity)"
    LICENSE_ID="$(npm_q view "$pkg@$ver" license)"
    [[ -n "$INTEGRITY" ]] || { echo "error: $pkg@$ver not found in registry" >&2; exit 1; }
    (cd "$dir" && npm_q pack "$pkg@$ver" >/dev/null)
    tgz="$(find "$dir" -maxdepth 1 -name '*.tgz' -print -quit)"
    [[ -n "$tgz" ]] || { echo "error: npm pack produced no tarball for $pkg@$ver" >&2; exit 1; }
    actual="$(sri_sha512 "$tgz")"
    if [[ "$actual" != "$INTEGRITY" ]]; then
        echo "error: integrity mismatch for $pkg@$ver: registry $INTEGRITY, got $actual" >&2
        exit 1
    fi
    tar xzf "$tgz" -C "$dir"
    echo "fetched $pkg@$ver ($LICENSE_ID)"
}

# copy_file <src> <dest>: copy with normal permissions (tarballs contain 0755 fonts).
copy_file() {
    [[ -f "$1" ]] || { echo "error: missing file in package: $1" >&2; exit 1; }
    install -D -m 0644 "$1" "$2"
}

# copy_css <src_root> <rel_css> <dest_root>: copy a CSS file and every local
# file it references via url(...), keeping the same relative paths.
copy_css() {
    local src_root="$1" rel="$2" dest_root="$3" css_dir ref clean
    copy_file "$src_root/$rel" "$dest_root/$rel"
    css_dir="$(dirname "$rel")"
    while IFS= read -r ref; do
        clean="${ref#url(}"; clean="${clean%)}"
        clean="$(printf '%s' "$clean" | sed -e 's/^[[:space:]]*["'\'']\{0,1\}//' -e 's/["'\'']\{0,1\}[[:space:]]*$//')"
        clean="${clean%%[?#]*}"
        case "$clean" in
            ''|data:*|http:*|https:*|//*|/*) continue ;;
            *..*) echo "error: $rel references a path outside its folder: $clean" >&2; exit 1 ;;
        esac
        clean="${clean#./}"
        copy_file "$src_root/$css_dir/$clean" "$dest_root/$css_dir/$clean"
    done < <(grep -o 'url([^)]*)' "$src_root/$rel" | grep -v 'url(["'\'' ]*data:' | sort -u || true)
}

rm -rf "$HTMX_DIR" "$KERN_DIR" "$FIRA_DIR"
mkdir -p "$HTMX_DIR" "$KERN_DIR" "$FIRA_DIR"

# --- htmx -------------------------------------------------------------------
fetch "$HTMX_PKG" "$HTMX_VERSION" htmx
HTMX_INTEGRITY="$INTEGRITY"; HTMX_LICENSE="$LICENSE_ID"
copy_file "$TMP/htmx/package/dist/htmx.min.js" "$HTMX_DIR/htmx.min.js"
copy_file "$TMP/htmx/package/LICENSE" "$HTMX_DIR/LICENSE"

# --- KERN UX ----------------------------------------------------------------
# kern.min.css already contains grid + utilities (kern-grid/-utilities are subsets).
# It has no font url()s; the Fira Sans @font-face rules live in fonts/fira-sans.css,
# which references ./fira-sans/*.woff2. Noto Sans (optional) is not vendored.
fetch "$KERN_PKG" "$KERN_VERSION" kern
KERN_INTEGRITY="$INTEGRITY"; KERN_LICENSE="$LICENSE_ID"
copy_css "$TMP/kern/package/dist" kern.min.css "$KERN_DIR"
copy_css "$TMP/kern/package/dist" fonts/fira-sans.css "$KERN_DIR"
copy_file "$TMP/kern/package/LICENSE.md" "$KERN_DIR/LICENSE.md"

# --- Fira Sans as TTF (PDFs with fpdf2, charts with matplotlib) -----------------
# The same typeface as KERN's woff2 files, for the server side: fpdf2 and matplotlib
# read TrueType only. The package is MIT (its JS), the fonts OFL-1.1 (LICENSE_FONT).
fetch "$FIRA_PKG" "$FIRA_VERSION" fira
FIRA_INTEGRITY="$INTEGRITY"; FIRA_LICENSE="$LICENSE_ID"
for style in 400Regular 400Regular_Italic 700Bold; do
    copy_file "$TMP/fira/package/$style/FiraSans_$style.ttf" "$FIRA_DIR/FiraSans_$style.ttf"
done
copy_file "$TMP/fira/package/LICENSE_FONT" "$FIRA_DIR/OFL.txt"

# --- VERSIONS.txt -------------------------------------------------------------
{
    echo "# Generated by scripts/fetch_vendor.sh - do not edit by hand."
    echo "# package	version	integrity (npm dist.integrity)	licence"
    printf '%s\t%s\t%s\t%s\n' "$HTMX_PKG" "$HTMX_VERSION" "$HTMX_INTEGRITY" "$HTMX_LICENSE"
    printf '%s\t%s\t%s\t%s\n' "$KERN_PKG" "$KERN_VERSION" "$KERN_INTEGRITY" "$KERN_LICENSE"
    printf '%s\t%s\t%s\t%s\n' "$FIRA_PKG" "$FIRA_VERSION" "$FIRA_INTEGRITY" "$FIRA_LICENSE"
} > "$VENDOR/VERSIONS.txt"

echo "vendored files:"
(cd "$VENDOR" && find htmx kern fira -type f | sort | sed 's/^/  /')
echo "total: $(du -sh "$HTMX_DIR" "$KERN_DIR" "$FIRA_DIR" -c | tail -1 | cut -f1)"
