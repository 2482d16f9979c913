"""Quick self-check for a claims file while the full validator is not at hand.

Usage: python scripts/quickcheck.py data/claims/<source>.yaml
"""
import glob
import sys

import opencc
import yaml

t2s = opencc.OpenCC("t2s")
path = sys.argv[1]
doc = yaml.safe_load(open(path, encoding="utf-8"))
src = doc["source"]
text = open(f"data/sources/{src}.txt", encoding="utf-8").read()
norm = t2s.convert(text)
ents = set()
for f in ["data/entities.yaml", *glob.glob("data/entities.d/*.yaml")]:
    for e in yaml.safe_load(open(f, encoding="utf-8")) or []:
        ents.add(e["id"])
errors = 0
seen = set()
for c in doc.get("claims", []):
    cid = c.get("id")
    def err(msg):
        global errors
        errors += 1
        print(f"{cid}: {msg}")
    if cid in seen:
        err("duplicate id")
    seen.add(cid)
    q = t2s.convert(str(c.get("quote", "")))
    n = norm.count(q)
    if n == 0:
        err(f"quote not in source: {c.get('quote')!r}")
    elif n > 1 and "occurrence" not in c:
        err(f"quote occurs {n} times; lengthen it or add occurrence")
    if t2s.convert(str(c.get("value", ""))) not in q:
        err(f"value {c.get('value')!r} not in quote")
    for k in ("subject", "entity", "attributed_to"):
        if c.get(k) and c[k] not in ents:
            err(f"{k} {c[k]!r} is not a known entity")
for o in doc.get("out_of_scope", []) or []:
    q = t2s.convert(str(o.get("quote", "")))
    n = norm.count(q)
    if n == 0:
        print(f"out_of_scope quote not in source: {o.get('quote')!r}")
        errors += 1
    elif n > 1 and not (o.get("all") or o.get("occurrence")):
        print(f"out_of_scope quote occurs {n} times: {o.get('quote')!r}; add occurrence or all: true")
        errors += 1
print(f"{len(doc.get('claims', []))} claims, {errors} problems")
