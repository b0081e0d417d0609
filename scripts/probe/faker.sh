#!/usr/bin/env bash
# Recall and precision of the inventory on another producer's documents.
#
#   scripts/probe/faker.sh [SCRATCH] [SEED]     (defaults: /tmp/breachscope-faker, 1)
#
# Installs Faker, mimesis, python-docx, openpyxl, ReportLab and fpdf2 from PyPI in
# a scratch virtualenv (outside the repository), writes about a thousand
# documents with faker_documents.py (forms, exports, Faker's profiles and
# card blocks, PDFs from two libraries, two-column forms, mail), runs the
# inventory on them with --reveal, and prints score.py's table. Our demo
# generator is the project's own test fixture factory; this is a check
# against data it did not make.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH=${1:-/tmp/breachscope-faker}
SEED=${2:-1}
cargo build --release --quiet
venv="$SCRATCH/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet faker mimesis python-docx openpyxl reportlab fpdf2 >&2
fi
rm -rf "$SCRATCH/docs" && mkdir -p "$SCRATCH/docs"
"$venv/bin/python" scripts/probe/faker_documents.py "$SCRATCH/docs" "$SCRATCH/truth.json" "$SEED"
./target/release/breachscope inventory --jsonl --reveal --key-file "$SCRATCH/probe.key" "$SCRATCH/docs" \
  > "$SCRATCH/found.jsonl" 2> "$SCRATCH/inventory.err"
"$venv/bin/python" scripts/probe/score.py "$SCRATCH/truth.json" "$SCRATCH/found.jsonl"
