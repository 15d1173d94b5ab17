"""Social cards drawn by another process (a first build of a larger site): every card arrives, and
a failure there fails the build with the process's own error."""

from __future__ import annotations

import pytest
from PIL import Image

from scholarly.cards import ELSEWHERE_FROM, card_files, draw_card
from scholarly.settings import CardSettings


def test_many_new_cards_are_drawn_by_another_process_and_all_arrive(tmp_path):
    settings = CardSettings()
    titles = {f"page{number}.md": f"Page {number} — 日ソ交渉 {number}" for number in range(ELSEWHERE_FROM + 3)}
    paths, drawn = card_files(tmp_path, "Site", titles, settings, settings.font)
    drawn()
    assert set(paths) == set(titles)
    for path in paths.values():
        with Image.open(path) as image:
            assert image.size == (1200, 630)
    # The same drawing as in this process, and the job file is gone.
    assert paths["page3.md"].read_bytes() == draw_card("Site", titles["page3.md"], settings, settings.font)
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".png"] * len(titles)


def test_a_failure_in_the_drawing_process_is_reported_with_its_error(tmp_path):
    settings = CardSettings()
    not_a_font = tmp_path / "font.ttf"
    not_a_font.write_bytes(b"this is no font")
    titles = {f"page{number}.md": f"Page {number}" for number in range(ELSEWHERE_FROM)}
    _paths, drawn = card_files(tmp_path / "cards", "Site", titles, settings, str(not_a_font))
    with pytest.raises(RuntimeError, match=r"(?s)^The social cards could not be drawn: .*OSError"):
        drawn()
