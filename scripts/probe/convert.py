"""Compares the inventory of documents with that of their conversions.

    python3 convert.py ORIGINALS.jsonl CONVERTED.jsonl...

Each JSONL is `breachscope inventory --jsonl --reveal` of one folder; a
document and its conversion share their name but for the extension. For
each converted folder, prints how many elements of the originals the
conversions lost or gained, by type, and how many documents changed class.
Dates are not compared: a converter writes its own creation date.
"""

import collections
import json
import sys


def documents(path):
    found = {}
    for line in open(path):
        row = json.loads(line)
        if "!" in row["path"]:
            continue
        stem = row["path"].rsplit(".", 1)[0]
        elements = {(e["type"], e.get("value")) for e in row["entities"]}
        found[stem] = (elements, row["class"], row.get("error"))
    return found


originals = documents(sys.argv[1])
print(f"{'conversion':<16} {'docs':>5} {'elements':>9} {'lost':>6} {'gained':>7} {'class':>6}  lost by type")
for path in sys.argv[2:]:
    converted = documents(path)
    lost, gained = collections.Counter(), collections.Counter()
    docs = elements = classes = 0
    for stem, (found, doc_class, _) in converted.items():
        if stem not in originals:
            continue
        original, original_class, _ = originals[stem]
        docs += 1
        elements += len(original)
        lost.update(kind for kind, _ in original - found)
        gained.update(kind for kind, _ in found - original)
        classes += doc_class != original_class
    name = path.rsplit("/", 1)[-1].removesuffix(".jsonl")
    detail = ", ".join(f"{kind} {n}" for kind, n in lost.most_common())
    print(f"{name:<16} {docs:>5} {elements:>9} {sum(lost.values()):>6} {sum(gained.values()):>7} {classes:>6}  {detail}")
