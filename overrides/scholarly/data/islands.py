"""The islands: a map drawn from public-domain coastlines, and a table of the island groups.

The map is an equirectangular projection of the area northeast of Hokkaidō (longitudes scaled by
the cosine of the mid latitude, so distances read true at 44° N), drawn from Natural Earth's
1:10m land polygons (public domain; see the GeoJSON file's `metadata`). Each group is coloured by
what Article 9 of the 1956 Joint Declaration says of it; the legend and a scale bar are outside
the drawing's land, and every label is text (English and Japanese; the table adds Russian).
"""

from __future__ import annotations

import copy
import json
import math
from functools import lru_cache

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match
from markupsafe import Markup

from ..markup import elements_from_html, render
from ..problems import Problem
from . import ID, TEXT, DataPage, entries_schema, too_deep

POINT = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
# The shapes the map draws: polygons (rings of [longitude, latitude]), each with its island group.
POSITION = {"type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number", "minimum": -180, "maximum": 180}}
GEOJSON = {
    "type": "object", "required": ["type", "features"],
    "properties": {"type": {"const": "FeatureCollection"}, "metadata": {"type": "object"}, "features": {
        "type": "array", "items": {
            "type": "object", "required": ["type", "properties", "geometry"],
            "properties": {
                "type": {"const": "Feature"},
                "properties": {"type": "object", "required": ["group"], "properties": {"group": {"type": "string"}}},
                "geometry": {"type": "object", "required": ["type", "coordinates"], "properties": {
                    "type": {"const": "Polygon"},
                    "coordinates": {"type": "array", "items": {"type": "array", "minItems": 4, "items": POSITION}}}},
            }}}},
}


def _not_a_number(name: str):
    raise ValueError(f"{name} is not a number")


class Islands(DataPage):
    kind = "islands"
    DIRECTIVES = ("islands_map",)
    STYLESHEET = "assets/stylesheets/islands.css"  # a theme file (overrides/), published at the site's root
    schema = entries_schema({
        "id": ID, "name": TEXT, "japanese": TEXT, "russian": TEXT, "russian_name": TEXT,
        "area_km2": {"type": "number", "exclusiveMinimum": 0}, "area_note": TEXT,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "article_9": {"type": "boolean"},
        # Where the map puts the group's name (longitude, latitude), and which end of it is there.
        "label": POINT, "label_anchor": {"enum": ["start", "middle", "end"]},
    }, ["id", "name", "japanese", "russian", "area_km2", "latitude", "longitude", "article_9"])
    TRANSLATED = ("name", "area_note")

    # The area drawn: west, east, south, north (degrees).
    BOUNDS = (144.45, 149.0, 42.9, 45.7)
    WIDTH = 800
    # Places on Hokkaidō the text refers to: name, Japanese, longitude, latitude, anchor.
    PLACES = [("Hokkaidō", "北海道", 144.55, 43.55, "start"),
              ("Shiretoko Peninsula", "知床半島", 144.5, 44.45, "start"),
              ("Nemuro Peninsula", "根室半島", 145.2, 43.09, "start")]
    SCALE_KM = 50

    geometry: dict | None = None

    def load_geometry(self, path: str, file) -> list[Problem]:
        try:
            raw = file.read_bytes()
        except OSError as error:
            return [Problem(path, 1, f"not a GeoJSON file ({error})", "restore it from git")]
        geometry, problems = _read_geojson(path, raw)
        if problems:
            return list(problems)
        features = copy.deepcopy(geometry["features"])
        groups = {island["id"] for island in self.entries} | {"hokkaido"}
        unknown = sorted({feature["properties"].get("group") for feature in features} - groups)
        if unknown:
            return [Problem(path, 1, f"shapes of unknown groups: {', '.join(map(str, unknown))}",
                            "give each feature a `group` from islands.yml (or hokkaido)")]
        self.geometry = {"features": features, "metadata": copy.deepcopy(geometry.get("metadata", {}))}
        return []

    def directives(self) -> dict:
        return {"islands_map": self.render_map}

    def fragments(self) -> dict:
        return {"stylesheet": self.stylesheet, "figure": self.figure, "legend": self.legend, "table": self.table}

    def render_map(self, pipeline, arg) -> list:
        # The map's own styles, on its page alone (overrides/assets/stylesheets/islands.css); its
        # drawing, key and table are SVG and markup that the allow-list for what authors write has
        # not (fragments, added after the page's HTML is judged).
        style = pipeline.fragment(self, "stylesheet", pipeline.current_src_uri())
        figure, legend, table = (pipeline.fragment(self, name) for name in ("figure", "legend", "table"))
        return elements_from_html(f'<div>{style}</div><figure class="islands-figure"><div class="islands-figure__map">'
                                  f"{figure}</div>{legend}</figure><div>{table}</div>")

    def stylesheet(self, pipeline, here: str) -> str:
        # (its address is known once the pages are)
        return Markup('<link rel="stylesheet" href="{}">').format(pipeline.root_url(self.STYLESHEET, here))

    def figure(self, pipeline) -> str:
        return Markup(render("data/islands_map.svg.html", **self.drawing(pipeline.labels, pipeline.language),
                             labels=pipeline.labels))

    def legend(self, pipeline) -> str:
        return Markup(render("data/islands_legend.html", labels=pipeline.labels,
                             source=(self.geometry or {}).get("metadata", {})))

    def table(self, pipeline) -> str:
        # The table's scrolling region (a focusable div with a role) is added after the page is judged too.
        # In Japanese, the name is the Japanese name: no column repeats it.
        show_japanese = any(island["name"] != island["japanese"] for island in self.entries)
        return Markup(render("data/islands_table.html", islands=self.entries, labels=pipeline.labels,
                             show_japanese=show_japanese))

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        west, east, south, north = self.BOUNDS
        scale = self.WIDTH / (east - west)
        y_scale = scale / math.cos(math.radians((south + north) / 2))
        return round((longitude - west) * scale, 1), round((north - latitude) * y_scale, 1)

    def outline(self, ring: list) -> str:
        return "M" + " L".join(f"{x},{y}" for x, y in (self.project(lon, lat) for lon, lat in ring)) + " Z"

    def drawing(self, labels: dict, language: str = "en") -> dict:
        west, east, south, north = self.BOUNDS
        width, height = self.project(east, south)
        article_9 = {island["id"]: island["article_9"] for island in self.entries}
        shapes = []
        for feature in (self.geometry or {}).get("features", []):
            group = feature["properties"]["group"]
            kind = "land" if group == "hokkaido" else ("island--article-9" if article_9.get(group) else "island--claimed")
            shapes.append({"kind": kind, "group": group, "d": " ".join(self.outline(ring)
                                                                         for ring in feature["geometry"]["coordinates"])})
        texts = []
        for island in self.entries:
            longitude, latitude = island.get("label", (island["longitude"], island["latitude"]))
            x, y = self.project(longitude, latitude)
            texts.append({"x": x, "y": y, "anchor": island.get("label_anchor", "start"), "name": island["name"],
                          "japanese": island["japanese"] if island["japanese"] != island["name"] else None,
                          "kind": "island"})
        for name, japanese, longitude, latitude, anchor in self.PLACES:
            x, y = self.project(longitude, latitude)
            texts.append({"x": x, "y": y, "anchor": anchor, "name": japanese if language == "ja" else name,
                          "japanese": None if language == "ja" else japanese, "kind": "place"})
        km_per_degree = 111.32 * math.cos(math.radians((south + north) / 2))
        bar = self.SCALE_KM / km_per_degree * self.WIDTH / (east - west)
        names = labels["comma"].join(island["name"] for island in self.entries)
        return {"width": width, "height": height, "shapes": shapes, "texts": texts,
                "scale": {"km": self.SCALE_KM, "x": round(width - 30 - bar, 1), "length": round(bar, 1),
                          "y": round(height - 30, 1)},
                "description": labels["map_description"].format(names=names, km=self.SCALE_KM)}


# The drawing's outlines depend on nothing but the file's bytes (each edition, each preview rebuild).
@lru_cache(maxsize=4)
def _read_geojson(path: str, raw: bytes) -> tuple[dict | None, tuple[Problem, ...]]:
    deep = Problem(path, 1, "not a GeoJSON file (arrays nested too deeply)", "restore it from git")
    try:
        # NaN and Infinity are not JSON, though Python's reader takes them: a shape would vanish.
        geometry = json.loads(raw.decode("utf-8"), parse_constant=_not_a_number)
    except ValueError as error:  # (UnicodeDecodeError is one)
        return None, (Problem(path, 1, f"not a GeoJSON file ({error})", "restore it from git"),)
    except RecursionError:
        return None, (deep,)
    if too_deep(geometry, limit=12):  # a FeatureCollection of polygons nests 7 deep
        return None, (deep,)
    error = best_match(Draft7Validator(GEOJSON).iter_errors(geometry))
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "the file"
        return None, (Problem(path, 1, f"not a GeoJSON FeatureCollection of polygons ({where}: {error.message})",
                              "restore it from git, or export the shapes again"),)
    return geometry, ()
