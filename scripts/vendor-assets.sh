#!/usr/bin/env bash
# Re-vendors the web app's front-end assets into src/chitieu/app/static/vendor/ from the npm
# registry: htmx, Pico CSS, Vega + Vega-Lite + Vega-Embed and the Be Vietnam Pro font, each
# with its licence, and rewrites vendor/README.md and vendor/SHA256SUMS.
#
# The vendored files are committed: the app never fetches anything at run time (government
# networks are often closed) and neither `make run` nor `make test` runs this script. A
# maintainer runs it after changing a version below, looks at the diff, and commits it.
#
# Needs bash, npm (and node), tar, sha256sum. Usage: scripts/vendor-assets.sh
set -euo pipefail

# --- Pinned versions ---------------------------------------------------------------------------
# Keep the chart libraries in step with the server side: Altair's Vega-Lite schema
# (`python -c "import altair; print(altair.SCHEMA_VERSION)"`) and the Vega/Vega-Embed that
# vl-convert bundles (`vl_convert.get_vega_version()`, `get_vega_embed_version()`), so a chart
# looks the same on a page as in a rendered document.
HTMX_VERSION=2.0.11                 # htmx.org, 2.x
PICO_VERSION=2.1.1                  # @picocss/pico
VEGA_VERSION=6.2.0                  # vega (vega-lite 6 needs vega ^6)
VEGA_LITE_VERSION=6.4.1             # vega-lite (renders schema v6.x)
VEGA_EMBED_VERSION=7.0.2            # vega-embed (peers: vega *, vega-lite *)
BE_VIETNAM_PRO_VERSION=5.3.0        # @fontsource/be-vietnam-pro
FONT_WEIGHTS=(400 600 700)
# Vietnamese needs latin (a, â, ê, ô, …) and vietnamese (ă, đ, ơ, ư and the precomposed tones
# U+1EA0–1EF9); latin-ext adds the rest of Latin Extended-A/B for names and symbols.
FONT_SUBSETS=(vietnamese latin-ext latin)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/src/chitieu/app/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v npm >/dev/null || { echo "vendor-assets: npm is needed (apt-get install -y npm)" >&2; exit 1; }

echo "vendor-assets: installing the pinned packages into $tmp"
# --strict-peer-deps: refuse a vega that vega-lite's or vega-embed's peer range does not accept.
npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts --strict-peer-deps \
    --prefix "$tmp" \
    "htmx.org@$HTMX_VERSION" \
    "@picocss/pico@$PICO_VERSION" \
    "vega@$VEGA_VERSION" \
    "vega-lite@$VEGA_LITE_VERSION" \
    "vega-embed@$VEGA_EMBED_VERSION" \
    "@fontsource/be-vietnam-pro@$BE_VIETNAM_PRO_VERSION" >&2
nm="$tmp/node_modules"

# pkgjson NPM_NAME FIELD: a field of an installed package's package.json.
pkgjson() {
    node -e 'const p = require(process.argv[1]); process.stdout.write(String(p[process.argv[2]] ?? ""))' \
        "$nm/$1/package.json" "$2"
}

# The versions npm installed must be the pinned ones (npm would not silently substitute, but
# a package's own package.json is what the README reports).
check_version() {
    local got; got=$(pkgjson "$1" version)
    [[ "$got" == "$2" ]] || { echo "vendor-assets: $1 is $got, expected $2" >&2; exit 1; }
}
check_version htmx.org "$HTMX_VERSION"
check_version @picocss/pico "$PICO_VERSION"
check_version vega "$VEGA_VERSION"
check_version vega-lite "$VEGA_LITE_VERSION"
check_version vega-embed "$VEGA_EMBED_VERSION"
check_version @fontsource/be-vietnam-pro "$BE_VIETNAM_PRO_VERSION"

# A warning, not an error: the project's virtualenv may not exist on the maintainer's machine.
venv_python="$root/.venv/bin/python"
if [[ -x "$venv_python" ]]; then
    if schema=$("$venv_python" -c 'import altair; print(altair.SCHEMA_VERSION)' 2>/dev/null); then
        if [[ "${schema#v}" != "${VEGA_LITE_VERSION%%.*}".* ]]; then
            echo "vendor-assets: WARNING: Altair emits Vega-Lite $schema specs, vega-lite is $VEGA_LITE_VERSION" >&2
        fi
    fi
fi

# copy SRC DEST_DIR: copy one file; strip a trailing source-map comment (no .map is vendored,
# and Django's ManifestStaticFilesStorage refuses a sourceMappingURL whose file is missing).
copy() {
    mkdir -p "$2"
    local out; out="$2/$(basename "$1")"
    cp "$1" "$out"
    case "$out" in
        *.js) sed -i '/^\/\/# sourceMappingURL=/d' "$out" ;;
        *.css) sed -i 's|/\*# sourceMappingURL=[^*]*\*/||' "$out" ;;
    esac
}

# licence_of NPM_NAME: the package's licence file (LICENSE, LICENSE.md, …).
licence_of() {
    local f
    for f in "$nm/$1"/LICENSE "$nm/$1"/LICENSE.* "$nm/$1"/LICENCE "$nm/$1"/license "$nm/$1"/license.*; do
        [[ -f "$f" ]] && { echo "$f"; return; }
    done
    echo "vendor-assets: no licence file in $1" >&2; exit 1
}

# Start each package's folder afresh, so that a file dropped upstream does not linger here.
for d in htmx pico vega vega-lite vega-embed be-vietnam-pro; do rm -rf "${dest:?}/$d"; done
mkdir -p "$dest"

copy "$nm/htmx.org/dist/htmx.min.js" "$dest/htmx"
cp "$(licence_of htmx.org)" "$dest/htmx/LICENSE"

copy "$nm/@picocss/pico/css/pico.min.css" "$dest/pico"
cp "$(licence_of @picocss/pico)" "$dest/pico/LICENSE"

for p in vega vega-lite vega-embed; do
    copy "$nm/$p/build/$p.min.js" "$dest/$p"
    cp "$(licence_of "$p")" "$dest/$p/LICENSE"
done

# The font: woff2 only (every browser that runs Vega 6 reads it), one @font-face per subset and
# weight, unicode-range taken from the package's own CSS so a browser loads only what a page uses.
font_src="$nm/@fontsource/be-vietnam-pro"
font_dest="$dest/be-vietnam-pro"
mkdir -p "$font_dest"
cp "$(licence_of @fontsource/be-vietnam-pro)" "$font_dest/LICENSE"
css="$font_dest/be-vietnam-pro.css"
{
    echo "/* Be Vietnam Pro $BE_VIETNAM_PRO_VERSION (@fontsource/be-vietnam-pro), SIL Open Font License 1.1: see LICENSE."
    echo "   Written by scripts/vendor-assets.sh; unicode-range from the package's CSS. */"
} >"$css"
for weight in "${FONT_WEIGHTS[@]}"; do
    for subset in "${FONT_SUBSETS[@]}"; do
        file="be-vietnam-pro-$subset-$weight-normal.woff2"
        cp "$font_src/files/$file" "$font_dest/$file"
        # $weight.css has one block per subset, each after a comment naming it.
        range=$(awk -v name="/* ${file%.woff2} */" '
            $0 == name { inside = 1; next }
            inside && /unicode-range:/ { sub(/^[[:space:]]*unicode-range:[[:space:]]*/, ""); sub(/;[[:space:]]*$/, ""); print; exit }
            inside && /^}/ { exit }' "$font_src/$weight.css")
        [[ -n "$range" ]] || { echo "vendor-assets: no unicode-range for $file in $weight.css" >&2; exit 1; }
        cat >>"$css" <<CSS

@font-face {
  font-family: 'Be Vietnam Pro';
  font-style: normal;
  font-display: swap;
  font-weight: $weight;
  src: url(./$file) format('woff2');
  unicode-range: $range;
}
CSS
    done
done

# --- README.md and SHA256SUMS ------------------------------------------------------------------
files_of() { (cd "$dest/$1" && ls | sed "s|^|\`$1/|; s|\$|\`|" | paste -sd ' ' | sed 's/ /, /g'); }
row() { # DIR NPM_NAME
    echo "| $1 | \`$2\` | $(pkgjson "$2" version) | $(pkgjson "$2" license) | $(files_of "$1") |"
}
total_kib=$(find "$dest" -type f ! -name README.md ! -name SHA256SUMS -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s / 1024 + 0.5 }')
cat >"$dest/README.md" <<MD
# Vendored front-end assets

Everything the web app's pages load from the browser is here, served by Django's staticfiles:
nothing is fetched from a CDN or any other outside address at run time (government networks are
often closed). These files are committed; **do not edit them by hand**. To change a version, edit
the pin at the top of \`scripts/vendor-assets.sh\`, run it (it needs npm and the npm registry),
review the diff and commit. This file and \`SHA256SUMS\` are rewritten by that script.

| folder | npm package | version | licence | files |
| --- | --- | --- | --- | --- |
$(row htmx htmx.org)
$(row pico @picocss/pico)
$(row vega vega)
$(row vega-lite vega-lite)
$(row vega-embed vega-embed)
$(row be-vietnam-pro @fontsource/be-vietnam-pro)

Total: about ${total_kib} KiB. Each folder holds its package's licence file as \`LICENSE\`.

Notes:

- The charts: Altair (server side) emits Vega-Lite specs whose \`\$schema\` is the Vega-Lite
  version it was built for, and vl-convert renders the same specs to PNG for documents with its
  own bundled Vega, Vega-Lite and Vega-Embed. The versions here are chosen to match them
  (vega-lite ${VEGA_LITE_VERSION} for the schema, vega ${VEGA_VERSION} and vega-embed
  ${VEGA_EMBED_VERSION} as in vl-convert), so a chart on a page looks as it does in a report.
  vega-lite's peer dependency on vega is checked by npm when the script installs them.
  Load order on a page: \`vega.min.js\`, \`vega-lite.min.js\`, \`vega-embed.min.js\` (UMD builds
  that define the globals \`vega\`, \`vegaLite\`, \`vegaEmbed\`).
- The minified builds are copied as published, except that a trailing
  \`//# sourceMappingURL=…\` comment is removed: no source map is vendored, and Django's
  \`ManifestStaticFilesStorage\` would refuse a reference to a missing file.
- Pico: the default (class-light) build \`pico.min.css\`, with no theme variant.
- Be Vietnam Pro: woff2 for weights ${FONT_WEIGHTS[*]}, subsets ${FONT_SUBSETS[*]} (together they
  cover Vietnamese fully); \`be-vietnam-pro.css\` declares them with relative URLs and the
  package's \`unicode-range\`s. Use it with \`font-family: 'Be Vietnam Pro', system-ui, sans-serif\`.
MD
(cd "$dest" && find . -type f ! -name SHA256SUMS ! -name README.md | LC_ALL=C sort | sed 's|^\./||' | xargs sha256sum) >"$dest/SHA256SUMS"

echo "vendor-assets: done; ${total_kib} KiB in $dest" >&2
