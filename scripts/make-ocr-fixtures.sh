#!/bin/bash
# Make core/tests/fixtures/ocr/: scans of reports with known values, made
# readable by OCR as auditors do (core/tests/fixtures/ocr/README.md).
# Needs poppler-utils, img2pdf, ocrmypdf, tesseract-ocr-chi-sim (Debian).
# The tests never run it.
#   scripts/make-ocr-fixtures.sh SRC.pdf NAME OUTDIR
# writes OUTDIR/NAME_ocrmypdf.pdf (its page images taken out: the text
# layer alone), OUTDIR/NAME_psm6.txt and OUTDIR/NAME_psm4.txt.
set -e
src=$1; name=$2; out=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_THREAD_LIMIT=1
pdftoppm -r 300 -gray -png "$src" "$work/p"
ls "$work"/p*.png | sort > "$work/list"
img2pdf $(cat "$work/list") -o "$work/scan.pdf"
ocrmypdf -q -l chi_sim --jobs 1 "$work/scan.pdf" "$work/ocr.pdf"
# the page images are no part of what nianshen reads (poppler's text):
# each is replaced by a 1x1 grey pixel to keep the fixture small
/usr/bin/python3 - "$work/ocr.pdf" "$out/${name}_ocrmypdf.pdf" <<'PY'
import pikepdf, sys
p = pikepdf.open(sys.argv[1])
for pg in p.pages:
    xo = pg.Resources.get('/XObject', {})
    for k in list(xo.keys()):
        if xo[k].get('/Subtype') == '/Image':
            img = pikepdf.Stream(p, b'\xff')
            img.Type = pikepdf.Name.XObject
            img.Subtype = pikepdf.Name.Image
            img.Width = 1
            img.Height = 1
            img.ColorSpace = pikepdf.Name.DeviceGray
            img.BitsPerComponent = 8
            xo[k] = img
p.remove_unreferenced_resources()
p.save(sys.argv[2], compress_streams=True,
       object_stream_mode=pikepdf.ObjectStreamMode.generate)
PY
# tesseract to plain text, a page at a time, pages joined by form feeds
for psm in 6 4; do
  : > "$out/${name}_psm$psm.txt"
  first=1
  for f in $(cat "$work/list"); do
    [ $first = 1 ] || printf '\f' >> "$out/${name}_psm$psm.txt"
    first=0
    tesseract "$f" - -l chi_sim --psm $psm 2>/dev/null >> "$out/${name}_psm$psm.txt"
  done
done
