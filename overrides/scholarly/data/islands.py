"""The islands: a map and a table of the island groups, with their names in three languages."""

from __future__ import annotations

import math

from markupsafe import Markup

from ..markup import elements_from_html, render
from . import ID, TEXT, DataPage, entries_schema


class Islands(DataPage):
    kind = "islands"
    DIRECTIVES = ("islands_map",)
    schema = entries_schema({
        "id": ID, "name": TEXT, "japanese": TEXT, "russian": TEXT, "russian_name": TEXT,
        "area_km2": {"type": "number", "exclusiveMinimum": 0}, "area_note": TEXT,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "article_9": {"type": "boolean"},
    }, ["id", "name", "japanese", "russian", "area_km2", "latitude", "longitude", "article_9"])

    def directives(self) -> dict:
        return {"islands_map": self.render_map}

    def render_map(self, pipeline, arg) -> list:
        figure = pipeline.fragment(lambda: Markup(render("data/islands_map.svg.html", **self.drawing(), labels=pipeline.labels)))
        html = render("data/islands_table.html", islands=self.entries, labels=pipeline.labels)
        return [*elements_from_html(f'<figure class="islands-figure">{figure}</figure>'), *elements_from_html(html)]

    # Schematic: an equirectangular view of the islands' area.
    BOUNDS = (145.2, 148.9, 43.15, 45.35)  # west, east, south, north (degrees)
    WIDTH = 800

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        west, east, south, north = self.BOUNDS
        scale = self.WIDTH / (east - west)
        y_scale = scale / math.cos(math.radians((south + north) / 2))
        return (longitude - west) * scale, (north - latitude) * y_scale

    def drawing(self) -> dict:
        height = round(self.project(self.BOUNDS[0], self.BOUNDS[2])[1])
        islands = []
        for island in self.entries:
            x, y = self.project(island["longitude"], island["latitude"])
            islands.append({**island, "x": round(x, 1), "y": round(y, 1),
                            "r": round(max(9.0, math.sqrt(island["area_km2"]) * 1.1), 1)})
        cape_x, cape_y = (round(value) for value in self.project(145.8, 43.38))
        return {"width": self.WIDTH, "height": height, "islands": islands, "cape_x": cape_x, "cape_y": cape_y}
