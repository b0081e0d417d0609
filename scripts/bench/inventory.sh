#!/usr/bin/env bash
# Inventory throughput and memory, and Presidio on the same text.
#
#   scripts/bench/inventory.sh [SCRATCH]      (default: /tmp/breachscope-bench)
#
# Generates the corpus with the project's own generator into SCRATCH
# (outside the repository), then prints one table:
#   - plain text, every detector on, one thread, median of three runs:
#     MB/s per core and peak RSS, on dense business records, on
#     correspondence (a figure in most sentences) and on prose, and on the
#     correspondence again with a counterparty master list: one demo
#     company's (58 parties) and every demo company's merged (about 1,600
#     distinct parties)
#   - an Outlook store of messages of correspondence, one thread:
#     messages/s, MB/s, peak RSS
#   - the mixed corpus (docx, xlsx, pdf, csv, eml, pst, zip) at half and full
#     size, all cores: files/s, MB/s, peak RSS (flat if memory does not grow
#     with the evidence)
#   - eight customer exports of 300,000 rows (310,000 distinct values
#     each, all itemized), all cores: MB/s and peak RSS
#   - Presidio (presidio-analyzer from PyPI, in a scratch virtualenv, with a
#     blank spaCy pipeline so only its pattern recognizers run) on a slice
#     of the same plain text, for the types both tools have, and breachscope
#     on the same slice: the ratio of their rates.
# Sizes: PLAIN_MB (default 200), MIXED_MB (default 1024), PRESIDIO_MB (default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH=${1:-/tmp/breachscope-bench}
PLAIN_MB=${PLAIN_MB:-200}
MIXED_MB=${MIXED_MB:-1024}
PRESIDIO_MB=${PRESIDIO_MB:-2}
mkdir -p "$SCRATCH"
cargo build --release --quiet
cargo build --release --quiet -p breachscope-demo --example bench_corpus
BIN=$PWD/target/release/breachscope
if [ ! -f "$SCRATCH/corpus/mailbox.pst" ]; then
  rm -rf "$SCRATCH/corpus" "$SCRATCH/half"
  ./target/release/examples/bench_corpus "$SCRATCH/corpus" "$PLAIN_MB" "$MIXED_MB" >&2
fi

# Runs the inventory; prints "seconds peak_rss_kb".
measure() {
  /usr/bin/time -f "%e %M" -o "$SCRATCH/time.txt" "$BIN" inventory --jsonl --key-file "$SCRATCH/bench.key" "$@" > "$SCRATCH/out.jsonl"
  cat "$SCRATCH/time.txt"
}
# Megabytes in the files under (or at) $1, symlinks followed.
mb() { find -L "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s / 1048576 }'; }

# The median of three runs of `measure`: single-thread figures on this
# shared machine vary by a fifth from run to run.
median3() {
  for _ in 1 2 3; do measure "$@"; done | sort -n | sed -n 2p
}

printf '%-46s %10s %10s %10s %12s\n' "run" "MB" "files/s" "MB/s" "peak RSS MB"
list="$(ls -d "$SCRATCH"/corpus/mixed/case-0001)/crm/counterparties.csv"
# Every demo company's list merged, one row per distinct name.
big_list="$SCRATCH/master-list.csv"
if [ ! -f "$big_list" ]; then
  {
    echo "id,name,kind,aliases,domains,identifiers,contact"
    cat "$SCRATCH"/corpus/mixed/case-*/crm/counterparties.csv | grep -v '^id,' |
      awk -F, 'BEGIN { OFS = "," } !seen[$2]++ { $1 = sprintf("P-%05d", ++n); print }'
  } > "$big_list"
fi
big_parties=$(( $(wc -l < "$big_list") - 1 ))
for run in "plain:dense business records" "letters:correspondence" "prose:prose" \
  "letters:correspondence + 58-party master list" "letters:correspondence + ${big_parties}-party master list"; do
  text=${run%%:*} label=${run#*:}
  extra=()
  case $label in
    *58-party*) extra=(--counterparties "$list") ;;
    *master*) extra=(--counterparties "$big_list") ;;
  esac
  read -r secs rss < <(median3 --threads 1 "${extra[@]}" "$SCRATCH/corpus/$text.txt")
  size=$(mb "$SCRATCH/corpus/$text.txt")
  printf '%-46s %10s %10s %10.1f %12d\n' "$label, 1 thread" "$size" "-" "$(echo "$size / $secs" | bc -l)" $((rss / 1024))
done

# An Outlook store: a message at a time, each attachment read by its reader.
store="$SCRATCH/corpus/mailbox.pst"
read -r secs rss < <(median3 --threads 1 "$store")
messages=$(grep -c '"kind":"msg"' "$SCRATCH/out.jsonl")
printf '%-46s %10s %10.0f %10.1f %12d\n' "Outlook store, $messages messages, 1 thread" "$(mb "$store")" \
  "$(echo "$messages / $secs" | bc -l)" "$(echo "$(mb "$store") / $secs" | bc -l)" $((rss / 1024))

half="$SCRATCH/half"
if [ ! -d "$half" ]; then
  mkdir -p "$half"
  all=("$SCRATCH"/corpus/mixed/case-*)
  for c in "${all[@]:0:$(( ${#all[@]} / 2 ))}"; do ln -s "$c" "$half/"; done
fi
for set in "$half" "$SCRATCH/corpus/mixed"; do
  # Read once first: figures are for files in the page cache, not for
  # whatever the disk and the last build left there.
  find -L "$set" -type f -exec cat {} + > /dev/null
  read -r secs rss < <(measure "$set"/*/)
  size=$(mb "$set")
  n=$(find -L "$set" -type f | wc -l)
  label="mixed corpus $([ "$set" = "$half" ] && echo half || echo full), $(nproc) threads"
  printf '%-46s %10s %10.0f %10.1f %12d\n' "$label" "$size" "$(echo "$n / $secs" | bc -l)" "$(echo "$size / $secs" | bc -l)" $((rss / 1024))
done

# Customer exports: the largest records a scan makes.
exports="$SCRATCH/exports"
if [ ! -d "$exports" ]; then
  mkdir -p "$exports"
  for n in 1 2 3 4 5 6 7 8; do
    awk -v n="$n" 'BEGIN {
      print "id,name,email,phone,postal"
      for (i = 0; i < 300000; i++)
        printf "CU%d,Customer %d,c%d.%d@example.ca,416-555-%04d,K1A 0B%d\n", i, i, n, i, i % 10000, i % 10
    }' > "$exports/customers-$n.csv"
  done
fi
read -r secs rss < <(measure "$exports")
size=$(mb "$exports")
printf '%-46s %10s %10s %10.1f %12d\n' "8 customer exports, $(nproc) threads" "$size" "-" "$(echo "$size / $secs" | bc -l)" $((rss / 1024))

# Presidio on a slice of the same text.
slice="$SCRATCH/slice.txt"
head -c $((PRESIDIO_MB << 20)) "$SCRATCH/corpus/plain.txt" > "$slice"
read -r secs rss < <(measure --threads 1 "$slice")
ours=$(echo "$PRESIDIO_MB / $secs" | bc -l)
venv="$SCRATCH/presidio-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet presidio-analyzer >&2
fi
presidio=$("$venv/bin/python" - "$slice" "$SCRATCH/blank-en" <<'PY'
import sys, time, spacy, tldextract
# No network here: tldextract must use the suffix list it ships with.
tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider
path, model = sys.argv[1], sys.argv[2]
spacy.blank("en").to_disk(model)  # no NER model can be fetched here: pattern recognizers only
nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}).create_engine()
engine = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
text = open(path, encoding="utf-8").read()
entities = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE"]
start = time.time()
found = 0
for i in range(0, len(text), 100_000):  # spaCy's limit is 1,000,000 characters a call
    found += len(engine.analyze(text=text[i:i + 100_000], entities=entities, language="en"))
secs = time.time() - start
print(f"{len(text.encode()) / 1048576 / secs:.3f} {found}")
PY
)
read -r theirs found <<< "$presidio"
printf '%-46s %10s %10s %10.3f %12s\n' "presidio-analyzer (patterns), same ${PRESIDIO_MB} MB" "$PRESIDIO_MB" "-" "$theirs" "-"
printf '%-46s %10s %10s %10.3f %12s\n' "breachscope, same ${PRESIDIO_MB} MB, 1 thread" "$PRESIDIO_MB" "-" "$ours" "-"
printf 'ratio breachscope / presidio: %.0fx (presidio found %s email/phone/card/IBAN spans)\n' "$(echo "$ours / $theirs" | bc -l)" "$found"
