"""The real development corpus: valid gold, an address and a query per page, no
reserved page, and no third-party text tracked."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

from pipeline.evaluate import load_gold

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "eval" / "real-dev" / "gold.jsonl"


def url_key(url: str) -> str:
    return hashlib.sha256(re.sub(r"^www\.", "", re.sub(r"^https?://", "", url.strip()).rstrip("/")).lower()
                          .encode()).hexdigest()


def lines() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]


def test_the_gold_is_valid_and_every_page_says_where_it_came_from():
    assert len(load_gold(GOLD)) >= 150
    rows = lines()
    assert all(r["url"].startswith(("http://", "https://")) and r["query"].strip() for r in rows)
    assert len({r["url"] for r in rows}) == len(rows)
    assert len({r["region"] for r in rows if r["region"]}) >= 30
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["text_sha256"]) for r in rows)


def test_no_reserved_page_is_used(shared_dir):
    reserved = {line.strip() for line in (shared_dir / "eval" / "reserved-urls.sha256").read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    used = [r["url"] for r in lines() if url_key(r["url"]) in reserved]
    assert not used


def test_no_third_party_text_is_tracked():
    tracked = subprocess.run(["git", "ls-files", "eval/real-dev"], cwd=REPO, capture_output=True, text=True).stdout
    assert sorted(tracked.split()) in ([], ["eval/real-dev/README.md", "eval/real-dev/gold.jsonl"])
