#!/usr/bin/env bash
# hunt against its peers, in one run, on the same evidence and rules.
#
#   CHAINSAW_SRC=/path/to/chainsaw/checkout scripts/bench/hunt.sh [SCRATCH]
#
# Builds Chainsaw (WithSecureLabs/chainsaw, a local checkout of its public
# source) into SCRATCH (default /tmp/breachscope-peers, outside the
# repository; nothing is committed), then runs breachscope hunt and
# Chainsaw hunt with the SigmaHQ Windows rules of ../shared/corpus on
# evtx-attack-samples and on it plus hayabusa-sample-evtx, three warm runs
# each, and prints: median wall time, records/s, peak RSS, detections, rules
# fired, and the rules whose detection counts differ between the two.
# Chainsaw's git-pinned patches (MFT, ESE, registry parsers) are dropped so
# it builds from crates.io alone; they do not touch EVTX hunting.
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
done
