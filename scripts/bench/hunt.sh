#!/usr/bin/env bash
# hunt against its peers, in one run, on the same evidence and rules.
#
#   CHAINSAW_SRC=... HAYABUSA_SRC=... HAYABUSA_EVTX_SRC=... HAYABUSA_RULES_SRC=... \
#     scripts/bench/hunt.sh [SCRATCH]
#
# Builds the peers from local checkouts of their public sources into
# SCRATCH (default /tmp/breachscope-peers, outside the repository; nothing
# is committed): Chainsaw (WithSecureLabs/chainsaw) and, when its sources
# are given, Hayabusa 4.0.0 (Yamato-Security/hayabusa at v4.0.0, its evtx
# fork Yamato-Security/hayabusa-evtx, its rules Yamato-Security/
# hayabusa-rules). Then runs breachscope hunt and Chainsaw with the SigmaHQ
# Windows rules of ../shared/corpus, and Hayabusa with its own converted
# rules, on evtx-attack-samples and on it plus hayabusa-sample-evtx, three
# warm runs each, and prints: median wall time, records/s, peak RSS,
# detections, rules fired, and the rules whose counts differ between
# breachscope and Chainsaw (same rules). Chainsaw's git-pinned patches
# (MFT, ESE, registry parsers) are dropped so it builds from crates.io
# alone; they do not touch EVTX hunting. Hayabusa's git-pinned evtx is
# pointed at the local fork and built with --ignore-rust-version.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH=${1:-/tmp/breachscope-peers}
CORPUS=${BREACHSCOPE_CORPUS:-../shared/corpus}
RULES="$CORPUS/sigma/rules/windows"
mkdir -p "$SCRATCH"
cargo build --release --quiet
OURS=$PWD/target/release/breachscope
CHAINSAW="$SCRATCH/chainsaw/target/release/chainsaw"
if [ ! -x "$CHAINSAW" ]; then
  : "${CHAINSAW_SRC:?set CHAINSAW_SRC to a checkout of the Chainsaw source}"
  rm -rf "$SCRATCH/chainsaw"
  git clone --quiet "$CHAINSAW_SRC" "$SCRATCH/chainsaw"
  sed -i '/^\[patch.crates-io\]/,$d' "$SCRATCH/chainsaw/Cargo.toml"
  # The crates.io mft returns a PathBuf where the fork returned a String.
  perl -0pi -e 's/(let sanitized_path = path\s*)\.to_string\(\)/$1.display().to_string()/' "$SCRATCH/chainsaw/src/file/mft.rs"
  (cd "$SCRATCH/chainsaw" && cargo build --release --quiet)
fi
MAPPING="$SCRATCH/chainsaw/mappings/sigma-event-logs-all.yml"
HAYABUSA="$SCRATCH/hayabusa/target/release/hayabusa"
if [ ! -x "$HAYABUSA" ] && [ -n "${HAYABUSA_SRC:-}" ]; then
  rm -rf "$SCRATCH/hayabusa" "$SCRATCH/hayabusa-evtx"
  git clone --quiet "$HAYABUSA_SRC" "$SCRATCH/hayabusa"
  git -C "$SCRATCH/hayabusa" checkout --quiet v4.0.0
  mkdir -p "$SCRATCH/hayabusa-evtx"
  git --git-dir="$HAYABUSA_EVTX_SRC/.git" archive HEAD -- . ':!samples' 2>/dev/null | tar -x -C "$SCRATCH/hayabusa-evtx" \
    || git --git-dir="$HAYABUSA_EVTX_SRC" archive HEAD -- . ':!samples' | tar -x -C "$SCRATCH/hayabusa-evtx"
  git clone --quiet "$HAYABUSA_RULES_SRC" "$SCRATCH/hayabusa/rules"
  sed -i 's|^evtx = { git = .*|evtx = { path = "../hayabusa-evtx", features = ["fast-alloc"] }|' "$SCRATCH/hayabusa/Cargo.toml"
  (cd "$SCRATCH/hayabusa" && cargo build --release --quiet --ignore-rust-version)
fi

# Median of three runs: "seconds peak_kb" of the last command, output kept.
timed() {
  local out=$1; shift
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$SCRATCH/t$i" "$@" > "$out" 2> "$SCRATCH/err"
  done
  cat "$SCRATCH"/t1 "$SCRATCH"/t2 "$SCRATCH"/t3 | sort -n | sed -n 2p
}

printf '%-44s %8s %10s %10s %11s %12s\n' "run" "wall s" "records/s" "peak MiB" "detections" "rules fired"
for set in "evtx-attack-samples" "evtx-attack-samples hayabusa-sample-evtx"; do
  paths=(); for p in $set; do paths+=("$CORPUS/$p"); done
  read -r secs kb < <(timed "$SCRATCH/ours.jsonl" "$OURS" hunt --jsonl --sigma "$RULES" "${paths[@]}")
  records=$(grep -o '[0-9]* events' "$SCRATCH/err" | grep -o '[0-9]*')
  ours_rules=$(python3 -c "import json,sys; print(len({json.loads(l)['rule_id'] for l in open(sys.argv[1])}))" "$SCRATCH/ours.jsonl")
  printf '%-44s %8.2f %10.0f %10d %11d %12d\n' "breachscope, $set" "$secs" "$(echo "$records / $secs" | bc -l)" $((kb / 1024)) "$(wc -l < "$SCRATCH/ours.jsonl")" "$ours_rules"
  read -r secs kb < <(timed "$SCRATCH/chainsaw.json" "$CHAINSAW" hunt "${paths[@]}" -s "$RULES" --mapping "$MAPPING" --json -q)
  python3 - "$SCRATCH/chainsaw.json" "$SCRATCH/ours.jsonl" "$secs" "$kb" "$records" "$set" <<'PY'
import json, sys, collections
theirs_path, ours_path, secs, kb, records, label = sys.argv[1:]
theirs = json.load(open(theirs_path))
theirs_count = collections.Counter()
for d in theirs:
    theirs_count[d.get("id") or d.get("name")] += len(d.get("documents", [None])) if "documents" in d else 1
ours_count = collections.Counter(json.loads(l)["rule_id"] for l in open(ours_path))
print(f"{'chainsaw, ' + label:<44} {float(secs):8.2f} {int(records) / float(secs):10.0f} {int(kb) // 1024:10d} {sum(theirs_count.values()):11d} {len(theirs_count):12d}")
both = set(theirs_count) & set(ours_count)
differ = sorted(r for r in both if theirs_count[r] != ours_count[r])
print(f"  rules both fire: {len(both)}; same counts: {len(both) - len(differ)}; only breachscope: {len(set(ours_count) - set(theirs_count))}; only chainsaw: {len(set(theirs_count) - set(ours_count))}")
for r in differ[:10]:
    print(f"  differs {r}: breachscope {ours_count[r]}, chainsaw {theirs_count[r]}")
PY
  if [ -x "$HAYABUSA" ]; then
    # Hayabusa takes one folder: link the evidence folders under one.
    rm -rf "$SCRATCH/evidence" && mkdir -p "$SCRATCH/evidence"
    for p in "${paths[@]}"; do ln -s "$(realpath "$p")" "$SCRATCH/evidence/$(basename "$p")"; done
    read -r secs kb < <(cd "$SCRATCH/hayabusa" && timed "$SCRATCH/hayabusa.out" "$HAYABUSA" dfir-timeline -d "$SCRATCH/evidence" -w -q -N -K -C -Q -t jsonl -o "$SCRATCH/hayabusa.jsonl")
    detections=$(wc -l < "$SCRATCH/hayabusa.jsonl")
    fired=$(python3 -c "import json,sys; print(len({json.loads(l).get('RuleID') for l in open(sys.argv[1])}))" "$SCRATCH/hayabusa.jsonl")
    printf '%-44s %8.2f %10.0f %10d %11d %12d\n' "hayabusa (its rules), $set" "$secs" "$(echo "$records / $secs" | bc -l)" $((kb / 1024)) "$detections" "$fired"
  fi
done
