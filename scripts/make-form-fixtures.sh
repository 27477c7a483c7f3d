#!/bin/sh
# make-form-fixtures.sh — regenerate report.docx and report.pdf in
# core/tests/fixtures/forms/ from report.html with LibreOffice (headless).
#
# The tests (core/tests/test_forms.c) use the committed outputs and never run
# LibreOffice; this script documents how those files were made and remakes
# them after an edit of report.html.  report.txt and report.md are written by
# hand from the same report and are not generated.
#
# Needs: soffice (Debian: libreoffice-writer-nogui), a CJK font so that the
# PDF carries real glyphs and a ToUnicode map (Debian: fonts-wqy-zenhei or
# fonts-noto-cjk), and pdftotext (poppler-utils) for the check at the end.
# Installs what is missing with apt-get when run as root.
#
# Usage: scripts/make-form-fixtures.sh
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
dir="$here/core/tests/fixtures/forms"
src="$dir/report.html"
[ -f "$src" ] || { echo "make-form-fixtures: $src not found" >&2; exit 1; }

need=""
command -v soffice >/dev/null 2>&1 || need="$need libreoffice-writer-nogui"
command -v pdftotext >/dev/null 2>&1 || need="$need poppler-utils"
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
	need="$need fonts-wqy-zenhei"
fi
if [ -n "$need" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "make-form-fixtures: missing:$need (install them as root)" >&2
		exit 1
	fi
	echo "make-form-fixtures: installing$need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $need
fi

# A private LibreOffice profile: no interference with a running instance or
# the user's settings, and the same defaults on every machine.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
profile="file://$work/profile"

# The HTML is opened with the Writer (not Writer/Web) import filter so that
# the export is a normal text document with real Word tables.
convert() { # $1: target filter, $2: output extension
	soffice -env:UserInstallation="$profile" --headless --norestore \
		--infilter="HTML (StarWriter)" --convert-to "$1" \
		--outdir "$work" "$src" >"$work/log" 2>&1 || {
		cat "$work/log" >&2
		exit 1
	}
	[ -s "$work/report.$2" ] || {
		echo "make-form-fixtures: soffice wrote no report.$2" >&2
		cat "$work/log" >&2
		exit 1
	}
	cp "$work/report.$2" "$dir/report.$2"
	echo "make-form-fixtures: wrote $dir/report.$2 ($(wc -c <"$dir/report.$2") bytes)"
}

convert 'docx:MS Word 2007 XML' docx
convert pdf pdf

# The PDF must have a text layer with the Chinese text, not boxes or (cid:).
text=$(pdftotext -enc UTF-8 "$dir/report.pdf" - 2>/dev/null || true)
for want in 青川县市场监督管理局 本年新收政府信息公开申请数量 未经复议直接起诉 4186; do
	case "$text" in
	*"$want"*) ;;
	*)
		echo "make-form-fixtures: report.pdf text lacks \"$want\"" \
		     "(is a CJK font installed? fc-list :lang=zh)" >&2
		exit 1
		;;
	esac
done
echo "make-form-fixtures: report.pdf text layer checked with pdftotext"
