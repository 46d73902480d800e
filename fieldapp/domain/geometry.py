"""Distances and point-in-shape tests on longitude/latitude, small enough to keep by hand:
a ray-casting test and the haversine distance, over GeoJSON-shaped coordinate lists."""

from __future__ import annotations

import math
from itertools import pairwise


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def in_polygon(x: float, y: float, rings: list[list[list[float]]]) -> bool:
    return in_ring(x, y, rings[0]) and not any(in_ring(x, y, hole) for hole in rings[1:])


def in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    """The polygons (each a list of rings) of a GeoJSON Polygon or MultiPolygon."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def box_of(polygons: list[list[list[list[float]]]]) -> tuple[float, float, float, float]:
    xs = [pt[0] for poly in polygons for pt in poly[0]]
    ys = [pt[1] for poly in polygons for pt in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def contains(polygons: list[list[list[list[float]]]], lon: float, lat: float) -> bool:
    return any(in_polygon(lon, lat, poly) for poly in polygons)


def km_outside(polygons: list[list[list[list[float]]]], lon: float, lat: float) -> float:
    """How far the point lies from the shape, in km: 0 inside it. Edges are measured on a
    plane tangent at the point, exact enough at the scale of a district's border."""
    if not polygons or contains(polygons, lon, lat):
        return 0.0
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57
    best = math.inf
    for poly in polygons:
        for ring in poly:
            for (x1, y1), (x2, y2) in pairwise(ring):
                ax, ay = (x1 - lon) * kx, (y1 - lat) * ky
                bx, by = (x2 - lon) * kx, (y2 - lat) * ky
                dx, dy = bx - ax, by - ay
                length = dx * dx + dy * dy
                t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
                best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best
