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
        "map_title": "Schematic map of the islands northeast of Hokkaidō",
        "map_description_start": "Schematic, not to scale:",
        "map_description_end": ("shown as circles sized by area at their approximate centers. Filled circles are the two "
                                "groups Article 9 of the 1956 Joint Declaration covers; outlined circles are the two "
                                "further groups in Japan's four-island claim. The table beside the map gives the same "
                                "information."),
        "legend_article_9": "Article 9 (1956): to be handed over after a peace treaty",
        "legend_claimed": "Also claimed by Japan (the four-island position)",
        "legend_schematic": "Schematic: circles sized by area, not to scale",
        "contents": "Contents",
    },
}
