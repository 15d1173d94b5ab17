"""The search index, as Material writes it, made to find what readers type.

Russian is mostly typed without ё; the index's titles and texts are folded (ё → е), and so is the
search box (overrides/assets/javascripts/search-yo.js), so "Хрущев" finds "Хрущёв".
"""

from __future__ import annotations

import json
from pathlib import Path

FOLD = str.maketrans({"ё": "е", "Ё": "Е"})


def fold(site_dir: Path) -> None:
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        for field in ("title", "text"):
            if field in doc:
                doc[field] = doc[field].translate(FOLD)
    path.write_text(json.dumps(index, ensure_ascii=True, separators=(",", ":")), encoding="utf-8")
