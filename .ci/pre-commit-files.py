"""Which files pre-commit hands factlint's hooks, decided by pre-commit's own code (the manifest loader and the
file classifier of `pre-commit run`): articles only (.md, .markdown, .html, .htm, .txt), never source code or
configuration. Run with the venv's Python, where pre-commit is installed: `python .ci/pre-commit-files.py`."""

import os
import sys
import tempfile

from pre_commit.clientlib import load_manifest
from pre_commit.commands.run import Classifier, filter_by_include_exclude

ARTICLES = ["draft.md", "notes/Story.MARKDOWN", "page.html", "old page.htm", "wire.txt"]
OTHERS = [
    "politics.py",  # contains "Former U.S. President Donald Trump": not an article
    ".pre-commit-config.yaml",
    "factlint.yaml",
    "Cargo.toml",
    "script.sh",
    "data.json",
    "README.rst",
]

manifest = load_manifest(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".pre-commit-hooks.yaml"))
problems = []
with tempfile.TemporaryDirectory() as root:
    os.chdir(root)
    for name in ARTICLES + OTHERS:
        os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
        with open(name, "w") as f:
            f.write("Former U.S. President Donald Trump spoke on Friday.\n")
    classifier = Classifier(ARTICLES + OTHERS)
    for hook in manifest:
        chosen = list(
            classifier.by_types(
                filter_by_include_exclude(classifier.filenames, hook["files"], hook["exclude"]),
                hook["types"],
                hook["types_or"],
                hook["exclude_types"],
            )
        )
        if sorted(chosen) != sorted(ARTICLES):
            problems.append(f"{hook['id']}: runs on {sorted(chosen)}, expected {sorted(ARTICLES)}")
if problems:
    sys.exit("\n".join(problems))
print(f"pre-commit hooks {', '.join(h['id'] for h in manifest)}: articles only")
