#!/usr/bin/env python3
"""Fits PatchConfidence (logistic score, monotone calibration, scan default) on the patches
scripts/eval-detect left behind (issue 13).

Run after scripts/eval-detect (or scripts/eval_detect.py), with the same virtualenv:
    .venv-ref/bin/python scripts/fit_confidence.py --shared ../shared --out bench-out/eval
It reads the GeoJSON patches of the OSCD tuning cities, of the trap scene(s) and of each trap
alone (every one of those wrong), decides which are right (a quarter of the patch labelled change or planted damage, as the harness does) and
fits, on those only (never on the check cities):
  1. the logistic score: maximum likelihood with a small ridge, the trap patches weighted
     --trap-weight of the total (they are all alike and all right, so an equal share would let
     them set the direction the cities' patches are ranked in);
  2. the calibration of that score: pool-adjacent-violators over the pooled patches, blocks of
     fewer than --min-block patches merged into the block below, so a confidence is always the
     share right of a group of at least that many tuning patches;
  3. `scan --min-confidence`'s default: the calibrated value that maximises the F1 of the
     ledger (right patches kept against all kept) on the same patches, provided the trap scene
     keeps at least 95 % of its right patches (doubtful patches stay patches, out of the ledger),
     rounded down to two decimals.
With --calibrate-on cities the calibration uses the tuning cities' patches alone (the planted trap
patches, all right, otherwise fill the top groups): what real imagery supports with these features.
It prints the constants for Sources/Shanshui/Detection/PatchConfidence.swift and
ScanRunner.defaultMinimumConfidence, and the reliability table they give on the tuning patches
and on the check cities.

Refit after any change to how patches are drawn (from the worktree root, the release build current):
    .venv-ref/bin/python scripts/eval_detect.py --bin .build/release/shanshui --scene-bin .build/release/shanshui-scene \
        --root . --shared ../shared --out bench-out/eval --sizes 1500,6000 --seed 2026 --parts oscd,traps,alone
    .venv-ref/bin/python scripts/fit_confidence.py --shared ../shared --out bench-out/eval --sizes 1500,6000
then copy `weights`, `calibration` and `ledgerMinimum` into PatchConfidence.swift, rebuild and run
scripts/eval-detect in full: its reliability rows must match the ones printed here.

--with NAME,... appends patch properties to the features (an exploration: the printed weights then
only fit PatchConfidence once `PatchConfidence.features` appends the same values in the same
order). Patches carry old_edge_share, shift_share, mean_vector_angle and rectangularity for this.
Tried on main's patches (2026-11-30, --sizes 1500): none of them, alone or together, lifts the
tuning cities' top bin to 0.9 (0.50 of 18 without them; old_edge_share 0.50 of 18, rectangularity
0.50 of 14, all four 0.59 of 29 with the check cities down to 0.75 of 24): the wrong city patches at 0.8
(Saclay harvests typed mining or farming, two large Bordeaux patches, one in Paris) keep old edges
on only 0.1-0.5 of their outline, like the right ones (the ones following old parcels further are
already dropped as natural change, ActivityClassifier.oldParcelShare), and only the planted trap
fields are nearly perfect rectangles, which real fields are not once outlined.
Scene context (2026-11-30, main's patches, --sizes 1500; measured offline, not in PatchConfidence):
the share of the scene's pixels in patches of the same change class whose mean change vectors
(AFTER − BEFORE band means) point within 18° of the patch's (cosine > 0.95) separates the wrong
top-bin city patches: 61 tuning-city patches reach 2 % of their scene and none is right (52 Saclay
patches, the plateau's fields harvested between March and August; 9 Bordeaux patches, the
Garonne turbid: water at both dates, MNDWI 0.64 -> 0.81), while every right top-bin patch stays
under 1.4 % (Beirut, Abu Dhabi, Saclay's one right patch 0.1 %) and so do the planted trap patches
(1.0 % at most at 1500²: the six fields of each farming slot; 1.2 % at most of the 1105 damage
patches at 6000², none at 2 %). As a 0/1 feature "at least 2 %" the refit
gives tuning cities 0.82 of 17 at 0.8 (0.47 of 15 without it, same run), the traps 1.00 of 58,
the check cities 0.94 of 16 (0.89 of 9; two right Rennes patches sit at 1.5 and 1.8 %, a thin margin); 1.5 % gives the same, 1 % 0.56 of 9, 3 % 1.00 of 3 (an
almost empty top bin): the goal's bin holds too few city patches for the calibration blocks (ten
patches) to settle. Left: two Paris patches (one uniformly 2.5x brighter in every band, 6.7°)
and one Saclay field under 2 %. Computed over the run's own patches it depends on the region
detected (issue 13 item 4), so it was then measured (2026-11-30, not shipped) from the model's
whole-overlap sample instead: the normalised AFTER - BEFORE vectors of the sample blocks' changed
pixels (1,024 kept with the model), a patch's share being the changed share of the scene within
18 degrees of its mean vector, its own pixels included. Tuning cities: 58 patches at 1.5 % or
more, none right (Saclay's harvests 3.1-3.7 %, the Garonne 3.8-4.2 %); check cities 1.1 % at
most; planted trap damage 2.6 % (1500²) and 2.7 % (6000²) at most (farmland converted field by
field alike, and the mines). Excluding the patch's own pixels lets the Garonne (one large patch)
through. As a group of its own at 3 % (confidence 0.02, Laplace on 0 of 47), the shipped weights
otherwise kept: tuning cities' top bin 0.38 of 13 -> 0.83 of 6 (Paris's brightened block left),
ledger wrong 240 -> 208 with the same 231 right kept, check cities and traps unchanged; refitting
the score without the group gave 0.75 of 8 and pushed 149 check patches into 0.6-0.8 at 0.54 right;
as a logistic feature (raw, hinge at 1.5 or 2 %, 0/1 at 2 or 3 %, log) the tuning cities' top bin
reached 0.70-0.78 while the check cities fell to 0.74-0.89. Not shipped because the rule cannot
tell a harvest from a cluster of like sites: a 450² trap scene with only its ten farmland
conversions (4.7 % of the scene, seed 9) put every one at 4.6 % and out of the ledger, and six
mines like the three planted in the same-size scene (1.6 %) would, by that count (not run), cross 3 %. A mining district is
many like sites; two dates cannot tell it from a harvest, a time series could.
"""
import argparse
import json
import os
import sys

import numpy as np
import rasterio

sys.path.insert(0, os.path.dirname(__file__))
import eval_detect as ev  # noqa: E402


EXTRA = []  # property names --with appends to the features


def features(p):
    """The same features, in the same order, as PatchConfidence.features (then --with's properties)."""
    compactness = 4 * np.pi * p.get("area_m2", 0) / max(p.get("perimeter_m", 0), 1e-9) ** 2
    return [1.0, np.log(max(p.get("pixels", 1), 1)), np.log(max(p.get("magnitude_ratio", 1), 1e-3)), p.get("d_ndvi", 0),
            p.get("d_brightness", 0), abs(p.get("d_water", 0)), p.get("d_bare", 0), np.log(max(p.get("elongation", 1), 1)),
            min(max(compactness, 0.0), 1.0), max(0.0, np.log(5 / max(p.get("spectral_angle", 5), 0.1))),
            1.0 if p.get("change") == "restored" else 0.0] + [float(p.get(name, 0)) for name in EXTRA]


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


def trap_alone_patches(out):
    """The damage patches each trap alone left (scripts/eval-detect's small scenes): all wrong."""
    rows = []
    for trap in ev.TRAPS_ALONE:
        path = os.path.join(out, "traps_alone", trap, "shanshui.geojson")
        if os.path.exists(path):
            with open(path) as f:
                rows += [(features(p["properties"]), False) for p in json.load(f)["features"]
                         if p["properties"].get("change") != "restored"]
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


def calibrate(scores, right, min_block):
    """Pool-adjacent-violators on (score, right), then blocks under `min_block` patches merged into
    the block below (the lowest into the one above): knots (lowest score of the block, its share
    right, patches in the block), increasing."""
    order = np.argsort(scores, kind="stable")
    blocks = []  # [right, count, lowest score]
    for score, r in zip(scores[order], right[order]):
        blocks.append([float(r), 1, float(score)])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            last = blocks.pop()
            blocks[-1] = [blocks[-1][0] + last[0], blocks[-1][1] + last[1], blocks[-1][2]]
    merged = []
    for b in blocks:
        if merged and (b[1] < min_block or merged[-1][1] < min_block):
            merged[-1] = [merged[-1][0] + b[0], merged[-1][1] + b[1], merged[-1][2]]
        else:
            merged.append(b)
    return [(round(lo, 4), round(r / n, 3), n) for r, n, lo in merged]


def calibrated(knots, z):
    """PatchConfidence.calibrated: the share right of the highest knot at or below the score."""
    lows = np.array([k[0] for k in knots])
    values = np.array([k[1] for k in knots])
    i = np.searchsorted(lows, z, side="right") - 1
    return values[np.clip(i, 0, len(values) - 1)]


def table(name, conf, y):
    if len(y) == 0:
        return
    cells = []
    for lo, hi in zip(ev.CONFIDENCE_BINS[:-1], ev.CONFIDENCE_BINS[1:]):
        inside = (conf >= lo) & (conf < hi)
        cells.append(f"{lo:.1f}-{min(hi, 1):.1f}: " + (f"{y[inside].mean():.2f} ({inside.sum()})" if inside.any() else "- (0)"))
    print(f"{name}: " + "  ".join(cells))


def ledger(conf, y, minimum):
    """(F1, recall, precision) of the ledger: patches at or above `minimum`, right ones wanted."""
    kept = conf >= minimum
    tp = float((kept & y).sum())
    recall, precision = tp / max(y.sum(), 1), tp / max(kept.sum(), 1)
    return 2 * recall * precision / max(recall + precision, 1e-12), recall, precision


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--sizes", default="1500,6000")
    ap.add_argument("--ridge", type=float, default=1.0)
    ap.add_argument("--trap-weight", type=float, default=0.1)
    ap.add_argument("--min-block", type=int, default=10)
    ap.add_argument("--calibrate-on", choices=["all", "cities"], default="all",
                    help="calibrate the score on every tuning patch (the default, as PatchConfidence is fitted) or on the "
                         "tuning cities' patches alone: what real imagery supports without the planted trap patches, which "
                         "are all right and fill the top groups")
    ap.add_argument("--with", dest="extra", default="",
                    help="comma-separated patch properties appended to the features (exploration, see the docstring)")
    args = ap.parse_args()
    EXTRA.extend(n for n in args.extra.split(",") if n)
    tune = [r for city in ev.OSCD_TUNE for r in oscd_patches(args.shared, args.out, city)]
    traps = [r for size in args.sizes.split(",") for r in trap_patches(args.out, int(size))] + trap_alone_patches(args.out)
    check = [r for city in ev.OSCD_CHECK for r in oscd_patches(args.shared, args.out, city)]
    rows = tune + traps
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    w = np.array([(1 - args.trap_weight) / max(len(tune), 1)] * len(tune)
                 + [args.trap_weight / max(len(traps), 1)] * len(traps)) * len(rows)
    beta = fit(x, y.astype(float), w, args.ridge)
    if args.calibrate_on == "cities":
        knots = calibrate(np.array([r[0] for r in tune]) @ beta, np.array([r[1] for r in tune]), args.min_block)
    else:
        knots = calibrate(x @ beta, y, args.min_block)

    def confidence(part):
        return calibrated(knots, np.array([r[0] for r in part]) @ beta), np.array([r[1] for r in part])

    conf, _ = confidence(rows)
    trap_conf, trap_y = confidence(traps)
    best = None
    for minimum in sorted({k[1] for k in knots}):
        f, recall, precision = ledger(conf, y, minimum)
        if ledger(trap_conf, trap_y, minimum)[1] >= 0.95 and (best is None or f > best[1]):
            best = (minimum, f, recall, precision)
    print(f"{len(tune)} tuning-city patches ({int(sum(r[1] for r in tune))} right), {len(traps)} trap patches "
          f"({int(sum(r[1] for r in traps))} right), {len(check)} check-city patches; trap weight {args.trap_weight}")
    print("static let weights: [Double] = [" + ", ".join(f"{b:.4f}" for b in beta) + "]")
    print("static let calibration: [(score: Double, chance: Double)] = [" + ", ".join(f"({z}, {p})" for z, p, _ in knots) + "]")
    print("patches per knot: " + ", ".join(str(n) for _, _, n in knots))
    if best:
        below = max([k[1] for k in knots if k[1] < best[0]], default=0.0)
        rounded = np.floor(best[0] * 100) / 100
        best = (rounded if rounded > below else best[0], *best[1:])
        print(f"static let ledgerMinimum = {best[0]}  (tuning ledger F1 {best[1]:.2f}, recall {best[2]:.2f}, precision {best[3]:.2f})")
    for name, part in (("tune cities + traps", rows), ("tune cities", tune), ("traps", traps), ("check cities", check)):
        c, yy = confidence(part)
        table(name, c, yy)
        if best and len(yy):
            f, recall, precision = ledger(c, yy, best[0])
            print(f"  ledger at {best[0]}: F1 {f:.2f}, recall {recall:.2f}, precision {precision:.2f}")


if __name__ == "__main__":
    main()
