#!/usr/bin/env python3
"""Measure FL203 (unsourced-statistic) on attributions removed from published copy.

For every article of SET_DIR/clean whose sentence ends "…, according to X." after a percentage or a sum of money,
the first such attribution is removed (the sentence now ends at the figure's clause) and the article is checked
again. An attribution counts as found when an FL203 finding overlaps the sentence. The published copies are
checked too: FL203 findings there are (mostly) false alarms.

usage: eval/attribution-removal.py SET_DIR [--cmd "target/release/factlint check --format jsonl"]
"""
import argparse, json, os, re, shlex, subprocess, sys, tempfile

ATTRIBUTION = re.compile(r", according to [^.“”\"]{3,120}?(?=\.(?:\s|$))")
FIGURE = re.compile(r"\d+(\.\d+)? percent|\$\d")


def findings(cmd, folder):
    p = subprocess.run(shlex.split(cmd) + [folder], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"command failed with exit {p.returncode}\n{p.stderr[-2000:]}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set_dir")
    ap.add_argument("--cmd", default="target/release/factlint check --format jsonl")
    a = ap.parse_args()
    clean = os.path.join(a.set_dir, "clean")
    cases = []
    with tempfile.TemporaryDirectory() as out:
        for name in sorted(n for n in os.listdir(clean) if n.endswith(".md")):
            text = open(os.path.join(clean, name), encoding="utf-8").read()
            for m in ATTRIBUTION.finditer(text):
                start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
                if not FIGURE.search(text[start:m.start()]):
                    continue
                removed = text[: m.start()] + text[m.end():]
                with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                    f.write(removed)
                cases.append((name, len(removed[:start].encode()), len(removed[: m.start()].encode()) + 1,
                              text[start:m.start()].strip()))
                break
        found = findings(a.cmd, out)
    published = findings(a.cmd, clean)
    hits = 0
    for name, start, end, sentence in cases:
        hit = any(f["rule"] == "FL203" and os.path.basename(f["path"]) == name and f["start"] < end
                  and start < f["end"] for f in found)
        hits += hit
        print(f"{'found ' if hit else 'missed'} {name}: …{sentence[-110:]}")
    alarms = sum(f["rule"] == "FL203" for f in published)
    articles = len([n for n in os.listdir(clean) if n.endswith(".md")])
    print(f"FL203 found {hits}/{len(cases)} removed attributions ({hits / max(1, len(cases)):.2f}); "
          f"{alarms} FL203 findings on {articles} published articles ({alarms / articles:.3f} per article)")


if __name__ == "__main__":
    main()
