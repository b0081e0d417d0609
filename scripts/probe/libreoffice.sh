#!/usr/bin/env bash
# The inventory of documents against that of the same documents converted
# by LibreOffice into the other formats a file share holds them in.
#
#   scripts/probe/libreoffice.sh [SCRATCH]    (default: /tmp/breachscope-libreoffice)
#
# Needs LibreOffice (`soffice`; on Debian: apt-get install
# libreoffice-writer-nogui libreoffice-calc-nogui). Writes the Faker
# probe's documents (scripts/probe/faker.sh) and the demo case into
# SCRATCH, converts their .docx to .odt, .doc, .rtf, .pdf, .html, .txt and back to
# .docx, their .xlsx to .ods, .xls, .csv, .html, .pdf (columns widened to
# their text first) and back to .xlsx, runs the
# inventory on each folder with --reveal, and prints, for each conversion,
# the elements the originals held that it lost or gained (convert.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH=${1:-/tmp/breachscope-libreoffice}
if ! command -v soffice > /dev/null; then
  echo "LibreOffice (soffice) not found: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui" >&2
  exit 1
fi
scripts/probe/faker.sh "$SCRATCH/faker" > /dev/null
BIN=$PWD/target/release/breachscope
rm -rf "$SCRATCH/demo" "$SCRATCH/docs" && mkdir -p "$SCRATCH/docs/originals"
"$BIN" demo --out "$SCRATCH/demo" > /dev/null 2>&1
cp "$SCRATCH"/faker/docs/*.docx "$SCRATCH"/faker/docs/*.xlsx "$SCRATCH/docs/originals/"
# The demo's, named by their folders so that names stay apart.
(cd "$SCRATCH/demo/hosts" && find . \( -name '*.docx' -o -name '*.xlsx' \) -print0) |
  while IFS= read -r -d '' f; do cp "$SCRATCH/demo/hosts/$f" "$SCRATCH/docs/originals/demo$(echo "${f#.}" | tr / _)"; done
cd "$SCRATCH/docs"
convert() { soffice --headless --convert-to "$2" --outdir "$3" "$1"/*."$4" > /dev/null 2>&1; }
for format in odt doc rtf pdf html; do convert originals "$format" "$format" docx; done
# As text (LibreOffice's "Text" export): a table one cell per line.
convert originals "txt:Text (encoded):UTF8" txt docx
for format in ods xls csv; do convert originals "$format" "$format" xlsx; done
convert originals html xlsx-html xlsx
convert odt "docx:MS Word 2007 XML" odt-docx odt
convert ods xlsx ods-xlsx ods
# Sheets printed to PDF: their columns widened to their text first (a
# printed cell shows only what its column's width does), so that a
# wide sheet prints in bands of columns across pages.
rm -rf wide && mkdir wide
"$SCRATCH/faker/venv/bin/python" - <<'PY'
import glob, os, openpyxl
from openpyxl.utils import get_column_letter
for path in glob.glob("originals/*.xlsx"):
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        widths = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    widths[cell.column] = max(widths.get(cell.column, 0), len(str(cell.value)))
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, 60)
    book.save(os.path.join("wide", os.path.basename(path)))
PY
convert wide pdf xlsx-pdf xlsx
runs=()
for folder in originals odt doc rtf pdf html txt odt-docx ods xls csv xlsx-html ods-xlsx xlsx-pdf; do
  "$BIN" inventory --jsonl --reveal --key-file "$SCRATCH/probe.key" "$folder" > "$folder.jsonl" 2> /dev/null
  [ "$folder" = originals ] || runs+=("$folder.jsonl")
done
python3 "$OLDPWD/scripts/probe/convert.py" originals.jsonl "${runs[@]}"
