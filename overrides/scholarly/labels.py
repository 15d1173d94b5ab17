"""Words the machinery writes on pages, in each language the site is built in."""

from __future__ import annotations

LABELS = {
    "en": {
        "references": "References",
        "on_the_timeline": "On the timeline",
        "in_the_full_list": "In the full list",
        "save": "Save",
        "appears_in": "Appears in",
        "people": "People",
        "discussed_in": "Discussed in",
        "island_group": "Island group", "japanese": "Japanese", "russian": "Russian", "area": "Area",
        "approximate_center": "Approximate center", "joint_declaration": "1956 Joint Declaration",
        "article_9_yes": "Article 9: to be handed over after a peace treaty",
        "article_9_no": "Claimed by Japan; not in Article 9",
        "map_title": "Map of the islands northeast of Hokkaidō",
        "map_description": ("Outline map of eastern Hokkaidō and the island groups {names}, drawn to scale (a bar "
                            "shows {km} km). Habomai and Shikotan, filled, are the two groups Article 9 of the 1956 "
                            "Joint Declaration covers; Kunashiri and Etorofu, hatched, are the further groups in "
                            "Japan's four-island claim. The table below the map gives the same information."),
        "legend_article_9": "Habomai and Shikotan: to be handed over after a peace treaty (Article 9, 1956)",
        "legend_claimed": "Kunashiri and Etorofu: also claimed by Japan (the four-island position)",
        "legend_land": "Hokkaidō",
        "map_source": ("Coastlines: Natural Earth, 1:10 million (public domain). At this scale Natural Earth shows "
                       "four Habomai islets; the smallest, Kaigara among them, are not drawn."),
        "contents": "Contents",
        "print_edition": "Print edition",
        "cite_as": "Cite as",
    },
}
