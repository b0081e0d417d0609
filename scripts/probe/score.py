"""Scores an inventory's --jsonl --reveal output against a truth file.

    score.py TRUTH_JSON INVENTORY_JSONL

Prints recall and precision per layout (the file name's first word) and
element type, then the values missed and those found that the truth
does not hold, a few of each. An archive's members count for the
archive. Only types the truth lists for a file are scored in it (a
postal code no generator wrote down is not a false one).
"""

import collections
import json
import sys


def comparable(kind, value):
    digits = "".join(c for c in value if c.isdigit())
    if kind == "phone":
        return digits[-10:]
    if kind == "person_name":
        # breachscope writes a word processor's apostrophe as typed.
        return value.replace("\u2019", "'").lower()
    return value


truth = json.load(open(sys.argv[1]))
found = collections.defaultdict(set)
for line in open(sys.argv[2]):
    row = json.loads(line)
    top = row["path"].split("!")[0]
    for e in row["entities"]:
        found[top].add((e["type"], comparable(e["type"], e.get("value", ""))))

tp, fn, fp = collections.Counter(), collections.Counter(), collections.Counter()
missed, extra = collections.defaultdict(list), collections.defaultdict(list)
for doc in truth:
    layout = doc["path"].split("-")[0]
    want = {(k, comparable(k, v)) for k, v in doc["entities"]}
    kinds = {k for k, _ in want}
    got = {(k, v) for k, v in found[doc["path"]] if k in kinds}
    for k, v in want:
        key = (layout, k)
        if (k, v) in got:
            tp[key] += 1
        else:
            fn[key] += 1
            missed[k].append(f"{doc['path']}: {v}")
    for k, v in got - want:
        fp[(layout, k)] += 1
        extra[k].append(f"{doc['path']}: {v}")

print(f"{'layout':10} {'type':18} {'found':>6} {'missed':>6} {'extra':>6} {'recall':>7} {'precision':>9}")
for key in sorted(set(tp) | set(fn) | set(fp)):
    a, b, c = tp[key], fn[key], fp[key]
    print(f"{key[0]:10} {key[1]:18} {a:6} {b:6} {c:6} {a / max(a + b, 1):7.3f} {a / max(a + c, 1):9.3f}")
for title, table in (("missed", missed), ("extra", extra)):
    for kind in sorted(table):
        print(f"{title} {kind}: {len(table[kind])}, e.g. {'; '.join(table[kind][:3])}")
