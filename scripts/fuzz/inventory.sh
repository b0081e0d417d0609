#!/usr/bin/env bash
# Mutation fuzzing of the inventory's readers: hostile input must give a
# per-file error, bounded memory, and a run that goes on.
#
#   scripts/fuzz/inventory.sh [SCRATCH] [MUTANTS_PER_SEED]
#                              (defaults: /tmp/breachscope-fuzz, 40)
#
# Seeds: the demo case's documents (docx, xlsx, pdf, eml, csv, zip, pst, ISO 20022 xml,
# pg_dump archive) and,
# when ../shared/corpus/documents is present, a few files of every format
# it holds (doc, ppt, pub, wps, vsd, wri, wpd, wp, one, xls, msg, ods, odt, rtf, tnef, tgz, 7z, pst, ...), and an
# SQLite database, a .tar.xz, a .tar.zst, a .tar.lz4, a RAR, a .vcf, an .ics, a JSON and an XML
# dump, an MT940 statement, an XML spreadsheet and an XPS document made here. Each seed
# is mutated (bit flips, boundary integers, truncation, repeated and
# deleted runs; for zip-based formats, one member is mutated and the zip
# rebuilt so the parsers behind it are reached). The whole set is then
# inventoried under a virtual-memory limit; the table says, per format,
# how many files were read cleanly, reported with an error, or reported
# after a panic in a third-party parser (caught, the file reported), and
# the run's exit code and peak memory. A run that dies (exit code above
# 128) or a file "the reader crashed on" (a panic outside those guards) is
# a bug: the script then lists the files that, alone, crash a reader, kill
# the run or take over 200 MB.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH=${1:-/tmp/breachscope-fuzz}
PER_SEED=${2:-40}
CORPUS=${BREACHSCOPE_CORPUS:-../shared/corpus}/documents
cargo build --release --quiet
BIN=$PWD/target/release/breachscope
mkdir -p "$SCRATCH"
[ -d "$SCRATCH/demo" ] || "$BIN" demo --out "$SCRATCH/demo" > /dev/null
rm -rf "$SCRATCH/seeds" "$SCRATCH/mutants" && mkdir -p "$SCRATCH/seeds"
# (sed reads the whole list: head would leave sort writing into a closed
# pipe, and pipefail would end the script with 141 now and then.)
pick() { find "$1" -type f -iname "*.$2" -size -3M 2>/dev/null | sort | sed -n "1,$3p"; }
i=0
seed() { while IFS= read -r f; do cp "$f" "$SCRATCH/seeds/$1-$((i++)).$2"; done; }
for spec in docx:6 xlsx:4 pdf:6 eml:4 csv:2 zip:1 pst:1 xml:1 dump:1; do
  pick "$SCRATCH/demo" "${spec%%:*}" "${spec#*:}" | seed demo "${spec%%:*}"
done
# A database as an application leaves one, and an xz-compressed tar (no
# formats of the demo's).
python3 - "$SCRATCH/seeds/made-0.sqlite" "$SCRATCH/seeds/made-1.tar.xz" <<'EOF'
import io, sqlite3, sys, tarfile
with tarfile.open(sys.argv[2], "w:xz") as tar:
    data = b"name,SIN\nMarie Tremblay,130 692 544\n" * 200
    info = tarfile.TarInfo("home/ap/vendors.csv")
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))
db = sqlite3.connect(sys.argv[1])
db.executescript("""CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT, sin TEXT, card TEXT, note BLOB);
CREATE INDEX by_name ON clients (name);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO clients (name, sin, card, note) SELECT 'Client ' || i, '130 692 544', '4556 7375 8689 9855', randomblob(40) FROM n;""")
db.commit()
EOF
# A contacts export (vCard 2.1 and 3.0, quoted-printable, folded lines)
# and a calendar with a time zone and an attendee.
printf 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Gagnon;Luc\r\nTEL;CELL:+1-416-555-0101\r\nNOTE;ENCODING=QUOTED-PRINTABLE:Rencontr=C3=A9 =\r\n=C3=A0 Montr=C3=A9al\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marie Tremblay\r\nEMAIL;TYPE=INTERNET:marie.tremblay@\r\n example.ca\r\nADR:;;100 rue Principale;Montr\xc3\xa9al;QC;H2X 1Y4;\r\nBDAY:19840312\r\nEND:VCARD\r\n' > "$SCRATCH/seeds/made-3.vcf"
printf 'BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:America/Toronto\r\nBEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nDTSTART:20220302T140000Z\r\nSUMMARY:Call about INV-2291\r\nATTENDEE;CN="Tremblay, Marie":mailto:mt@example.ca\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' > "$SCRATCH/seeds/made-4.ics"
# An API's dump as JSON and as XML.
printf '[{"id":1,"name":"Marie Tremblay","sin":"130 692 544","phones":["416-555-0142"],"address":{"postal_code":"H2X 1Y4"},"note":"caf\\u00e9 \\ud83d\\ude00"},{"fullName":"Luc Gagnon","dob":"1984-03-12","active":true}]\n' > "$SCRATCH/seeds/made-5.json"
printf '<?xml version="1.0"?>\n<customers xmlns="urn:x">\n <customer id="7" firstName="Sophie">\n  <lastName>Martin</lastName>\n  <birthDate>1984-03-12</birthDate>\n  <sin>130 692 544</sin><![CDATA[note]]>\n </customer>\n</customers>\n' > "$SCRATCH/seeds/made-6.xml"
# An XPS document as Windows' XPS printer saves one: a fixed page's runs
# of text, one with the advances of its glyphs.
python3 - "$SCRATCH/seeds/made-11.xps" <<'EOF'
import sys, zipfile
run = '<Glyphs Fill="#ff000000" FontUri="/Resources/f.odttf" FontRenderingEmSize="12" OriginX="{}" OriginY="{}"{} UnicodeString="{}"/>'
page = '<FixedPage xmlns="http://schemas.microsoft.com/xps/2005/06" Width="816" Height="1056"><Canvas>'
page += run.format(96, 100, "", "INVOICE") + run.format(96, 120, ' Indices=",60;,60;,60;,60;,60;,60;,60;,60"', "Bill to:")
page += run.format(150, 120, "", "Marie Tremblay") + run.format(96, 140, "", "SIN 130 692 544") + "</Canvas></FixedPage>"
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("FixedDocSeq.fdseq", '<FixedDocumentSequence xmlns="http://schemas.microsoft.com/xps/2005/06"/>')
    z.writestr("Documents/1/Pages/1.fpage", page)
    z.writestr("docProps/core.xml", '<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d"><dcterms:created>2019-03-04T10:00:00Z</dcterms:created></cp:coreProperties>')
EOF
# A SWIFT MT940 statement, its bookings' information structured and free.
printf ':20:STMT2202280001\r\n:25:ROYCCAT2/1234567\r\n:28C:00059/001\r\n:60F:C220227CAD12345,67\r\n:61:2202280228C2500,00NTRFCU41698//BR1\r\n:86:166?00GUTSCHRIFT?20EREF+INV-4?30COBADEFFXXX\r\n?31DE89370400440532013000?32MARIE TREMBLAY\r\n:61:220228D812,00NMSCINV-4413\r\n:86:/EREF/INV-4413/IBAN/FR1420041010050500013M02606/NAME/Luc Gagnon/REMI/Invoice\r\n:62F:C220228CAD14033,66\r\n-}' > "$SCRATCH/seeds/made-7.sta"
# An XML Spreadsheet 2003, as applications' "Export to Excel" writes it.
printf '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Clients"><Table><Row><Cell><Data ss:Type="String">Name</Data></Cell><Cell><Data ss:Type="String">SIN</Data></Cell></Row><Row ss:Index="3"><Cell ss:MergeAcross="0"><Data ss:Type="String">Marie Tremblay</Data></Cell><Cell ss:Index="2"><Data ss:Type="Number">130692544</Data></Cell></Row></Table></Worksheet></Workbook>\n' > "$SCRATCH/seeds/made-8.xls"
# A zstd-compressed tar, where the zstd tool is at hand.
if command -v zstd > /dev/null; then
  tar -cf - -C "$SCRATCH/seeds" made-0.sqlite | zstd -q > "$SCRATCH/seeds/made-2.tar.zst"
fi
# An LZ4-compressed tar, where the lz4 tool is at hand.
if command -v lz4 > /dev/null; then
  tar -cf - -C "$SCRATCH/seeds" made-0.sqlite made-3.vcf | lz4 -q > "$SCRATCH/seeds/made-9.tar.lz4"
fi
# A RAR 5 archive (no free tool writes one): headers as RARLAB's format
# gives them, a member stored (read) and one said compressed (listed).
python3 - "$SCRATCH/seeds/made-10.rar" <<'EOF'
import sys, zlib
def vint(n):
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)
def block(kind, fields, data=b""):
    flags = 2 if data else 0
    body = vint(kind) + vint(flags) + (vint(len(data)) if data else b"") + fields
    header = vint(len(body)) + body
    return zlib.crc32(header).to_bytes(4, "little") + header + data
def member(name, data, method):
    fields = vint(2) + vint(len(data)) + vint(0x20) + (1643328000).to_bytes(4, "little")
    fields += vint(method << 7) + vint(0) + vint(len(name)) + name.encode()
    return block(2, fields, data)
csv = b"Name,SIN,Email\nMarie Tremblay,046 454 286,marie@example.ca\n"
archive = b"Rar!\x1a\x07\x01\x00" + block(1, vint(0)) + member("HR/sins.csv", csv, 0)
archive += member("HR/payroll.xlsx", b"\x8b" * 40, 3) + block(5, vint(0))
open(sys.argv[1], "wb").write(archive)
EOF
if [ -d "$CORPUS" ]; then
  for ext in doc ppt pub wps vsd wri wpd wp one xls xlsb msg ods odt pptx rtf tnef dat tgz 7z mbox html pst pdf; do
    pick "$CORPUS" "$ext" 3 | seed corpus "$ext"
  done
else
  echo "corpus not found at $CORPUS: demo seeds only" >&2
fi
python3 - "$SCRATCH/seeds" "$SCRATCH/mutants" "$PER_SEED" <<'EOF'
import io, os, random, sys, zipfile
seeds, out, per_seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(1)
values = [b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80", b"\x00\x01"]
def mutate(data):
    b = bytearray(data) or bytearray(b"x")
    for _ in range(rng.randint(1, 4)):
        i, kind = rng.randrange(len(b)), rng.randrange(5)
        if kind == 0:
            for _ in range(rng.randint(1, 16)):
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        elif kind == 1:
            v = rng.choice(values); b[i:i + len(v)] = v
        elif kind == 2:
            del b[max(1, i):]
        elif kind == 3:
            j = rng.randrange(len(b)); b[i:i] = b[j:j + rng.randint(1, 4096)] * rng.randint(1, 8)
        else:
            del b[i:i + rng.randint(1, 512)]
        b = b or bytearray(b"x")
    return bytes(b)
def mutate_member(data):
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist(); target = rng.choice(names); rebuilt = io.BytesIO()
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as z:
            for n in names:
                z.writestr(n, mutate(source.read(n)) if n == target else source.read(n))
        return rebuilt.getvalue()
    except Exception:
        return mutate(data)
os.makedirs(out)
for name in sorted(os.listdir(seeds)):
    data = open(os.path.join(seeds, name), "rb").read()
    stem, ext = os.path.splitext(name)
    for k in range(per_seed):
        m = mutate_member(data) if data[:2] == b"PK" and rng.random() < 0.8 else mutate(data)
        open(os.path.join(out, f"{stem}-{k}{ext}"), "wb").write(m)
EOF
set +e
(ulimit -v 8000000; /usr/bin/time -o "$SCRATCH/time.txt" -f "%e %M" "$BIN" inventory --jsonl --key-file "$SCRATCH/k" "$SCRATCH/mutants" > "$SCRATCH/out.jsonl" 2> "$SCRATCH/err.txt")
code=$?
set -e
read -r secs rss < <(tail -1 "$SCRATCH/time.txt")
python3 - "$SCRATCH/out.jsonl" <<'EOF'
import collections, json, sys
table = collections.defaultdict(lambda: [0, 0, 0])
for line in open(sys.argv[1]):
    r = json.loads(line)
    if "!" in r["path"]:
        continue
    row = table[r["path"].rsplit(".", 1)[-1]]
    crashed = any("crashed" in e for e in r["errors"])
    row[2 if crashed else 1 if r["errors"] else 0] += 1
print(f"{'format':<8} {'clean':>7} {'error':>7} {'panic':>8}")
for ext, (clean, error, crashed) in sorted(table.items()):
    print(f"{ext:<8} {clean:>7} {error:>7} {crashed:>8}")
EOF
echo "mutants: $(ls "$SCRATCH/mutants" | wc -l); exit code $code; ${secs} s; peak RSS $((rss / 1024)) MB"
if [ "$code" -gt 128 ] || grep -q "the reader crashed" "$SCRATCH/out.jsonl"; then
  echo "files that, alone, crash a reader, kill the run or take over 200 MB:"
  for f in "$SCRATCH"/mutants/*; do
    set +e
    (ulimit -v 8000000; /usr/bin/time -o "$SCRATCH/one.txt" -f "%M" "$BIN" inventory --jsonl --threads 1 --key-file "$SCRATCH/k" "$f" > "$SCRATCH/one.jsonl" 2> /dev/null)
    one=$?
    set -e
    if [ "$one" -ne 0 ] || [ "$(tail -1 "$SCRATCH/one.txt")" -gt 204800 ] || grep -q "the reader crashed" "$SCRATCH/one.jsonl"; then
      echo "  $f (exit $one, $(( $(tail -1 "$SCRATCH/one.txt") / 1024 )) MB)"
    fi
  done
fi
