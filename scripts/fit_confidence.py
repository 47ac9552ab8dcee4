#!/usr/bin/env python3
"""Fits PatchConfidence's logistic weights on the patches scripts/eval-detect left behind (issue 13).

Run after scripts/eval-detect (or scripts/eval_detect.py), with the same virtualenv:
    .venv-ref/bin/python scripts/fit_confidence.py --shared ../shared --out bench-out/eval
It reads the GeoJSON patches of the OSCD tuning cities and of the trap scene(s), decides which
are right (a quarter of the patch labelled change or planted damage, as the harness does), fits
the logistic by maximum likelihood with a small ridge, the two sources weighted equally, and
prints the weights for Sources/Shanshui/Detection/PatchConfidence.swift with the reliability
table of the fit on the tuning patches and on the check cities (never fitted on).
"""
import argparse
import json
import os
import sys

import numpy as np
import rasterio

sys.path.insert(0, os.path.dirname(__file__))
import eval_detect as ev  # noqa: E402


def features(p):
    """The same features, in the same order, as PatchConfidence.of."""
    return [1.0, np.log(max(p.get("pixels", 1), 1)), np.log(max(p.get("magnitude_ratio", 1), 1e-3)), p.get("d_ndvi", 0),
            p.get("d_brightness", 0), abs(p.get("d_water", 0)), p.get("d_bare", 0), np.log(max(p.get("elongation", 1), 1))]


def oscd_patches(shared, out, city):
    path = os.path.join(out, f"oscd_{city}.geojson")
    if not os.path.exists(path):
        return []
    c = os.path.join(shared, "data", "oscd", city)
    b02 = [n for n in os.listdir(os.path.join(c, "imgs_1")) if n.endswith("_B02.tif")][0]
    profile = ev.grid_of(os.path.join(c, "imgs_1", b02))
    with open(path) as f:
        feats = json.load(f)["features"]
    ids = ev.rasterize_patches(feats, profile)
    with rasterio.open(os.path.join(c, "cm", f"{city}-cm.tif")) as s:
        label = s.read(1)
    h, w = min(label.shape[0], ids.shape[0]), min(label.shape[1], ids.shape[1])
    truth = np.zeros(ids.shape, dtype=bool)
    truth[:h, :w] = label[:h, :w] == 2
    rows = []
    for i, f in enumerate(feats):
        px = ids == i + 1
        n = int(px.sum())
        if n:
            rows.append((features(f["properties"]), bool(truth[px].sum() >= 0.25 * n)))
    return rows


def trap_patches(out, size):
    folder = os.path.join(out, f"traps_{size}")
    path = os.path.join(folder, "shanshui.geojson")
    if not os.path.exists(path):
        return []
    profile = ev.grid_of(os.path.join(folder, "before.tif"))
    with open(path) as f:
        feats = json.load(f)["features"]
    with rasterio.open(os.path.join(folder, "truth.tif")) as s:
        code = s.read(1)
    damage = [i for i, f in enumerate(feats) if f["properties"].get("change") != "restored"]
    ids = ev.rasterize_patches(feats, profile, lambda p: p.get("change") != "restored")
    rows = []
    for i in damage:
        px = ids == i + 1
        n = int(px.sum())
        if n:
            rows.append((features(feats[i]["properties"]), bool((code[px] == 1).sum() >= 0.25 * n)))
    return rows


def fit(x, y, w, ridge=1.0):
    """Weighted logistic regression by Newton's method, ridge on every weight but the intercept."""
    beta = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * ridge
    penalty[0, 0] = 0
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ beta))
        grad = x.T @ (w * (y - p)) - penalty @ beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def table(name, beta, rows):
    if not rows:
        return
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    conf = 1 / (1 + np.exp(-x @ beta))
    cells = []
    for lo, hi in zip(ev.CONFIDENCE_BINS[:-1], ev.CONFIDENCE_BINS[1:]):
        inside = (conf >= lo) & (conf < hi)
        cells.append(f"{lo:.1f}-{min(hi, 1):.1f}: " + (f"{y[inside].mean():.2f} ({inside.sum()})" if inside.any() else "- (0)"))
    print(f"{name}: " + "  ".join(cells))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--sizes", default="1500")
    ap.add_argument("--ridge", type=float, default=1.0)
    args = ap.parse_args()
    tune = [r for city in ev.OSCD_TUNE for r in oscd_patches(args.shared, args.out, city)]
    traps = [r for size in args.sizes.split(",") for r in trap_patches(args.out, int(size))]
    check = [r for city in ev.OSCD_CHECK for r in oscd_patches(args.shared, args.out, city)]
    rows = tune + traps
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows], dtype=float)
    w = np.array([0.5 / max(len(tune), 1)] * len(tune) + [0.5 / max(len(traps), 1)] * len(traps)) * len(rows)
    beta = fit(x, y, w, args.ridge)
    print(f"{len(tune)} tuning-city patches ({int(sum(r[1] for r in tune))} right), {len(traps)} trap patches "
          f"({int(sum(r[1] for r in traps))} right), {len(check)} check-city patches")
    print("static let weights: [Double] = [" + ", ".join(f"{b:.4f}" for b in beta) + "]")
    table("tune cities + traps", beta, rows)
    table("tune cities", beta, tune)
    table("traps", beta, traps)
    table("check cities", beta, check)


if __name__ == "__main__":
    main()
