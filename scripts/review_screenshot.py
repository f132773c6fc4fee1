"""Make the README's screenshot of a review page (docs/review.png).

Runs svodka on the sample archive (data/raw) into a temporary folder, builds its
review site against the sample gold (eval/sample-gold.jsonl), and photographs one
document's page in headless Chromium with the code the browser tests use
(``pipeline.review.browser``), its first false positive selected. The PNG is
reduced to a palette of 64 colours (Pillow, which matplotlib of the dev extras
brings) to stay small.

    python3 scripts/review_screenshot.py [--doc SOURCE] [--png docs/review.png]

Needs the dev set-up: selenium, chromium and chromium-driver (bash scripts/install.sh --dev).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.review import browser, build_site  # noqa: E402
from pipeline.run import RunOptions, run  # noqa: E402

DOC = "2022-10-14_постер-сессия_Староминская.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doc", default=DOC, help="source of the document to show (default: %(default)s)")
    parser.add_argument("--png", type=Path, default=REPO / "docs" / "review.png")
    parser.add_argument("--gold", type=Path, default=REPO / "eval" / "sample-gold.jsonl")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=720)
    args = parser.parse_args()
    reason = browser.missing()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="svodka-screenshot-") as tmp:
        out = Path(tmp) / "out"
        run(RunOptions(inputs=[REPO / "data" / "raw"], out_dir=out, cache_dir=Path(tmp) / "cache",
                       executor="serial", models_dir=REPO / "models"))
        result = build_site(out, args.gold)
        doc_id = next(d["doc_id"] for d in _documents(out) if d["source"] == args.doc)
        page = out / "review" / "doc" / f"{doc_id}.html"
        marked = re.search(r'<li class="wrong[^"]*" data-m="(\w+)"', page.read_text(encoding="utf-8"))
        with browser.chromium(args.width, args.height) as web:
            browser.screenshot(web, page, args.png, marked.group(1) if marked else "")
        print(f"{args.png}: {args.doc} ({len(result.written)} pages built)")
    shrink(args.png)
    print(f"{args.png}: {args.png.stat().st_size // 1024} KB")
    return 0


def _documents(out: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(out / "documents.parquet").to_pylist()


def shrink(png: Path, colours: int = 64) -> None:
    """The PNG in a palette of ``colours`` (text and flat colours survive it)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    small.save(png, optimize=True)


if __name__ == "__main__":
    sys.exit(main())
