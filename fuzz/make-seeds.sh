#!/bin/sh
# Seed corpora from the repository's own documents (no network), written to
# BUILD/seeds/<target>/, and one dictionary per target, BUILD/dict/<target>.dict
# (fuzz/dict/*.dict put together).  Usage: fuzz/make-seeds.sh SRC BUILD
set -eu
src=$1
build=$2
seeds=$build/seeds
rm -rf "$seeds" "$build/dict"
mkdir -p "$build/dict"
for t in load_txt load_md load_html load_docx load_pdf load_json text views mime; do
	mkdir -p "$seeds/$t"
done
docs="$src/tests/corpus $src/core/tests/fixtures $src/examples/district"
# the documents, by form (README.md files are notes, not reports)
find $docs -type f -name '*.txt' -exec cp {} "$seeds/load_txt/" \;
find $docs -type f -name '*.md' ! -name README.md -exec cp {} "$seeds/load_md/" \;
find $docs -type f \( -name '*.html' -o -name '*.htm' \) -exec cp {} "$seeds/load_html/" \;
find $docs -type f -name '*.docx' -exec cp {} "$seeds/load_docx/" \;
find $docs -type f -name '*.pdf' -exec cp {} "$seeds/load_pdf/" \;
# canonical JSON of all of them
find $docs -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' -o -name '*.docx' \
	-o -name '*.pdf' \) ! -name README.md | sort | xargs "$build/json-seeds" "$seeds/load_json" \
	2>"$build/json-seeds.log" || true
tail -n 1 "$build/json-seeds.log"
# views: a flag byte, then a report (JSON, TXT, Markdown)
n=0
for f in "$seeds"/load_json/* "$seeds"/load_txt/* "$seeds"/load_md/*; do
	n=$((n + 1))
	{ printf "\\$(printf %03o $((n * 37 % 256)))"; cat "$f"; } >"$seeds/views/$(basename "$f")"
done
# text: a flag byte, then pieces of the TXT reports (2 KiB each: a section's
# worth), and a few made up of s, a, b, c split by NUL bytes
i=0
for f in "$seeds"/load_txt/*; do
	split -b 2048 -a 3 "$f" "$build/piece."
	for p in "$build"/piece.*; do
		i=$((i + 1))
		{ printf "\\$(printf %03o $((i * 53 % 256)))"; cat "$p"; } >"$seeds/text/piece$i"
		rm -f "$p"
	done
done
printf '\377本年新收政府信息公开申请数量12件，结转下年度继续办理3件。（一）二十三件\000申请\000结转\000件' >"$seeds/text/words1"
printf '\001共收到申请1,234件；其中8:30到场(二)十二人次！办结率99.5％\000办结\000\000' >"$seeds/text/words2"
printf '\252一、总体情况\n\n二〇二四年，本机关……\000总体情况\000二、\000' >"$seeds/text/words3"
# dictionaries per target
d=$src/fuzz/dict
cat "$d/template.dict" >"$build/dict/load_txt.dict"
cat "$d/template.dict" "$d/md.dict" >"$build/dict/load_md.dict"
cat "$d/template.dict" "$d/html.dict" >"$build/dict/load_html.dict"
cat "$d/template.dict" "$d/docx.dict" >"$build/dict/load_docx.dict"
cat "$d/template.dict" "$d/pdf.dict" >"$build/dict/load_pdf.dict"
cat "$d/template.dict" "$d/json.dict" >"$build/dict/load_json.dict"
cat "$d/template.dict" "$d/text.dict" >"$build/dict/text.dict"
cat "$d/template.dict" "$d/json.dict" "$d/text.dict" >"$build/dict/views.dict"
cat "$d/html.dict" "$d/mime.dict" >"$build/dict/mime.dict"
# mime: web archives as html-docx-js and a browser save them
printf 'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n    type="text/html";\r\n    boundary="----=mhtDocumentPart"\r\n\r\n------=mhtDocumentPart\r\nContent-Type: text/html;\r\n    charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>=E4=B8=80=E3=80=81=\r\n</p><td>3D=3D</td>\r\n------=mhtDocumentPart--\r\n' >"$seeds/mime/qp.mht"
printf 'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+5YWt44CB5YW25LuW\r\n6ZyA6KaB5oql5ZGK55qE5LqL6aG5PC9wPg==\r\n' >"$seeds/mime/b64.mht"
for t in "$seeds"/*; do
	echo "seeds: $(ls "$t" | wc -l) in $t"
done
