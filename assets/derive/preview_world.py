#!/usr/bin/env python3
"""Preview of assets/basemap/world as the app could draw it: Web Mercator, world layers under the
box layers from zoom 6, the world relief cross-faded with the box relief as its SOURCES.md
suggests.  Nearest-pixel sampling, 1-pixel lines: a check of the data, not of the renderer.

    python3 assets/derive/preview_world.py OUT_DIR      # writes 4 PNGs; needs numpy, pillow
"""
import json
import math
import os
import sys

import numpy as np
from PIL import Image, ImageDraw

W = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "basemap", "world") + os.sep
SEA, LAND, LAKE = (201, 219, 232), (243, 241, 234), (185, 211, 230)

def world_xy(lon, lat, z):
    n = 256 * 2 ** z
    x = (lon + 180) / 360 * n
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n
    return x, y

def render(name, lon0, lat0, z, w=1600, h=1000):
    cx, cy = world_xy(lon0, lat0, z)
    n = 256 * 2 ** z
    px = np.arange(w) + cx - w / 2 + 0.5
    py = np.arange(h) + cy - h / 2 + 0.5
    lon = px / n * 360 - 180
    lat = np.degrees(np.arctan(np.sinh(math.pi * (1 - 2 * py / n))))
    LON, LAT = np.meshgrid(lon, lat)
    def proj(coords):
        return [((x / 360 + 0.5) * n - cx + w / 2, (1 - math.log(math.tan(math.radians(max(min(y, 85), -85))) + 1 / math.cos(math.radians(max(min(y, 85), -85)))) / math.pi) / 2 * n - cy + h / 2) for x, y in coords]
    img = Image.new("RGB", (w, h), SEA)
    d = ImageDraw.Draw(img)
    box = json.load(open(W + "relief_caucasus.json"))
    bw_, bs, be, bn = box["west"], box["south"], box["east"], box["north"]
    def polys(path, color):
        for f in json.load(open(path))["features"]:
            g = f["geometry"]
            for poly in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]):
                d.polygon(proj(poly[0]), fill=color)
                for hole in poly[1:]:
                    d.polygon(proj(hole), fill=SEA if color == LAND else LAND)
    zoomed = z >= 6
    polys(W + "countries_50m.geojson", LAND)
    if zoomed:
        polys(W + "countries_10m_caucasus.geojson", LAND)
    base = np.array(img).astype(float)
    def sample(png, meta, LON, LAT):
        a = np.array(Image.open(png).convert("RGBA")).astype(float)
        H, Wd = a.shape[:2]
        c = ((LON - meta["west"]) / (meta["east"] - meta["west"]) * Wd - 0.5)
        r = ((meta["north"] - LAT) / (meta["north"] - meta["south"]) * H - 0.5)
        inside = (c >= -0.5) & (c <= Wd - 0.5) & (r >= -0.5) & (r <= H - 0.5)
        ci = np.clip(np.rint(c).astype(int), 0, Wd - 1); ri = np.clip(np.rint(r).astype(int), 0, H - 1)
        out = a[ri, ci]; out[~inside] = 0
        return out
    def over(base, rgba, k=1.0):
        al = rgba[..., 3:] / 255 * k
        return base * (1 - al) + rgba[..., :3] * al
    mw = json.load(open(W + "relief_world.json"))
    # box weight: the box relief's own fade (smoothstep over fade_px cells from its edges)
    fade_deg = box["fade_px"] * box["cell_deg"]
    def ss(t):
        t = np.clip(t, 0, 1); return t * t * (3 - 2 * t)
    wbox = ss(np.minimum(LON - bw_, be - LON) / fade_deg) * ss(np.minimum(LAT - bs, bn - LAT) / fade_deg)
    wbox = wbox[..., None] if zoomed else 0 * wbox[..., None]
    world_t = sample(W + "relief_world_tint.png", mw, LON, LAT); world_s = sample(W + "relief_world.png", mw, LON, LAT)
    world_t[..., 3:] *= (1 - wbox); world_s[..., 3:] *= (1 - wbox)
    base = over(base, world_t)
    if zoomed:
        base = over(base, sample(W + "relief_caucasus_tint.png", box, LON, LAT))
    base = over(base, world_s)
    if zoomed:
        base = over(base, sample(W + "relief_caucasus.png", box, LON, LAT))
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for path in ([W + "lakes_world.geojson"] + ([W + "lakes_10m_caucasus.geojson"] if zoomed else [])):
        for f in json.load(open(path))["features"]:
            g = f["geometry"]
            for poly in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]):
                d.polygon(proj(poly[0]), fill=LAKE)
    for path, col in ([(W + "borders_10m_caucasus.geojson", (110, 95, 115))] if zoomed else []) + [(W + "borders_50m.geojson", (110, 95, 115))]:
        for f in json.load(open(path))["features"]:
            g = f["geometry"]
            for l in (g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]]):
                if zoomed and "50m" in path and all(bw_ < x < be and bs < y < bn for x, y in l[:1]):
                    continue
                d.line(proj(l), fill=col, width=1)
    img.save(name)

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, lon, lat, zoom in [("z4_caucasus.png", 46.75, 39.82, 4), ("z6_caucasus.png", 46.75, 39.82, 6),
                                 ("z8_baku.png", 48.5, 40.9, 8), ("z8_nakhchivan.png", 45.2, 38.6, 8)]:
        render(os.path.join(out, name), lon, lat, zoom)
        print(os.path.join(out, name))
