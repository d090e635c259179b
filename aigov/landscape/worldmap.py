"""Country shapes for the participation map, drawn as inline SVG paths on the server.

Shapes come from the npm package `world-atlas` (Natural Earth 1:110m, public domain), installed
by `make` into node_modules: a TopoJSON file whose arcs are quantised and delta-encoded. We
decode it here, project it equirectangularly and keep one SVG path per ISO 3166 numeric code
(the M49 code of the taxonomy), so the map needs no script, tile or request from outside.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

WIDTH = 960
SCALE = WIDTH / 360
TOP_LATITUDE, BOTTOM_LATITUDE = 84.0, -58.0
HEIGHT = round((TOP_LATITUDE - BOTTOM_LATITUDE) * SCALE)
ANTARCTICA = "010"


def atlas_path() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "world-atlas" / "countries-110m.json"


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Return every arc as (longitude, latitude) points: undo the delta encoding and quantising."""
    (scale_x, scale_y), (translate_x, translate_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for delta_x, delta_y in arc:
            x, y = x + delta_x, y + delta_y
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def _project(longitude: float, latitude: float) -> tuple[int, int]:
    return round((longitude + 180) * SCALE), round((TOP_LATITUDE - latitude) * SCALE)


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring continuous across the antimeridian (world-atlas rings may jump ±360°).

    Longitudes are shifted by whole turns so no step exceeds 180°, then the ring is moved back
    to where most of it lies; the part beyond ±180° falls outside the map and is clipped,
    instead of being drawn as a streak across the whole world.
    """
    unwrapped: list[tuple[float, float]] = []
    offset = 0.0
    for longitude, latitude in ring:
        if unwrapped:
            step = longitude + offset - unwrapped[-1][0]
            if step > 180:
                offset -= 360
            elif step < -180:
                offset += 360
        unwrapped.append((longitude + offset, latitude))
    middle = sum(longitude for longitude, _latitude in unwrapped) / len(unwrapped)
    shift = -360.0 if middle > 180 else 360.0 if middle < -180 else 0.0
    return [(longitude + shift, latitude) for longitude, latitude in unwrapped]


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> str:
    coordinates: list[tuple[float, float]] = []
    for index in indexes:
        # A negative index (~i) means arc i walked backwards; arcs share their end points.
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        coordinates.extend(arc[1:] if coordinates else arc)
    points: list[tuple[int, int]] = []
    for point in _unwrap(coordinates) if coordinates else []:
        projected = _project(*point)
        if not points or projected != points[-1]:
            points.append(projected)
    if len(points) < 3:
        return ""
    return "M" + "L".join(f"{x},{y}" for x, y in points) + "Z"


@functools.cache
def country_paths() -> dict[str, str]:
    """Return an SVG path per M49 code; empty when world-atlas is not installed."""
    path = atlas_path()
    if not path.is_file():
        return {}
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    shapes: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or code == ANTARCTICA:
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry.get("arcs", [])
        drawn = "".join(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        if drawn:
            shapes[code] = shapes.get(code, "") + drawn
    return shapes


# ColorBrewer "Blues" (9 classes), light to dark; shapes without a count are grey.
PALETTE = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c"]
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class MapShape:
    iso3: str
    names: dict[str, str]
    d: str
    fill: str
    count: int | None  # None: not a UN Member State


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    low: int
    high: int


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    shapes: list[MapShape]
    legend: list[LegendEntry]
    no_data_fill: str = NO_DATA


def _classes(highest: int) -> list[LegendEntry]:
    """One class per count when they fit the palette, else equal ranges; zero alone."""
    if highest < len(PALETTE):
        return [LegendEntry(PALETTE[n], n, n) for n in range(highest + 1)]
    width = -(-highest // (len(PALETTE) - 1))
    entries = [LegendEntry(PALETTE[0], 0, 0)]
    for step in range(len(PALETTE) - 1):
        low = 1 + step * width
        if low <= highest:
            entries.append(LegendEntry(PALETTE[step + 1], low, min(highest, low + width - 1)))
    return entries


def world_map(
    *, countries: dict[str, int], jurisdictions: list[tuple[str, str, dict[str, str]]]
) -> WorldMap | None:
    """Return the map of `countries` (ISO3 -> count); `jurisdictions` are (iso3, m49, names)."""
    paths = country_paths()
    if not paths:
        return None
    legend = _classes(max(countries.values(), default=0))
    shapes = []
    for iso3, m49, names in jurisdictions:
        d = paths.get(m49) if m49 else None
        if not d:
            continue
        count = countries.get(iso3)
        fill = NO_DATA
        if count is not None:
            fill = next(entry.fill for entry in legend if entry.low <= count <= entry.high)
        shapes.append(MapShape(iso3=iso3, names=names, d=d, fill=fill, count=count))
    return WorldMap(width=WIDTH, height=HEIGHT, shapes=shapes, legend=legend)
