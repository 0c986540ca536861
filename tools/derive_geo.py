#!/usr/bin/env python3
"""Derive data/geo/us_city_county.csv from the full ZIP code table.

paygrid only needs "city + state -> county"; the full ZIP table (42,724 rows,
3 MB, with coordinates) is 3x larger than that and would be compiled into
every binary. This script reduces it to one row per (state, city name) and
settles here, once, the questions the Rust side should not have to: which
county a city that spans several counties belongs to, how ZIP-file county
spellings map to the OFLC spelling, and which Connecticut planning region a
town or village lies in.

Usage (from the repository root, /work/main):

    python3 tools/derive_geo.py [--zips ../shared/data/geo/us_zipcodes.csv]

Inputs:
  ../shared/data/geo/us_zipcodes.csv      zipcodes 1.2.0 (MIT), data 2021-10-03
  data/geo/oflc_county_to_oews_area.csv   OFLC county/town -> OEWS area
  data/geo/ct_town_planning_region.csv    Connecticut town -> planning region
  data/geo/us_places_extra.csv            hand-added places the ZIP table lacks
Output:
  data/geo/us_city_county.csv             state,city,county

Rules (mirrored in data/geo/README.md):
  * A city name is every `city` and every `acceptable_cities` entry of a ZIP.
    Names are grouped by the normalised key that crates/paygrid-domain/src/geo.rs
    uses (`norm_key` below is a line-by-line copy of its `norm_key`), so one
    row per key and state; the spelling written is the most frequent one.
  * County of a city = the county with the most ZIP codes that carry the name
    as their primary `city`, counting active ZIPs first, then all ZIPs; only
    when no ZIP has the name as primary city do `acceptable_cities` ZIPs count.
    Remaining ties go to the county with more ZIP codes overall (a proxy for
    population), then alphabetically.
  * County names are rewritten to the OFLC spelling (case, "St"/"St.",
    "City"/"city", renamed Alaska and South Dakota areas). A ZIP with no
    county, or with a county of a neighbouring state, takes the county of the
    nearest ZIP (by latitude/longitude) in its own state. ZIPs of places the
    OFLC table does not cover (military APO/FPO, American Samoa, the freely
    associated states, and the Virgin Islands and Guam, whose ZIP rows carry
    no county; geo.rs resolves those two as single-area territories) are dropped.
  * Connecticut: the OFLC file lists the nine planning regions, the ZIP file
    the eight abolished counties. A name that is a town maps to that town's
    planning region; a village/post-office name (Mystic, Cos Cob, ...) takes
    the region of the nearest ZIP whose city is a town.
"""
import argparse
import collections
import csv
import math
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Token abbreviations expanded before comparing names. Keep in sync with
# TOKEN_EXPANSIONS in crates/paygrid-domain/src/geo.rs.
TOKEN_EXPANSIONS = {
    "st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "mtn": "mountain",
    "pt": "point", "n": "north", "s": "south", "e": "east", "w": "west",
    "hts": "heights", "spgs": "springs", "spg": "springs", "jct": "junction",
    "twp": "township", "ctr": "center", "vlg": "village", "bch": "beach",
    "cty": "city", "hls": "hills", "vly": "valley", "lk": "lake", "fls": "falls",
    "crk": "creek", "hbr": "harbor", "mls": "mills", "grv": "grove",
}


def norm_key(s: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive key with common
    abbreviations expanded: "St. Louis" == "saint louis" == "Saint-Louis"."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    tokens, cur = [], []
    for c in s:
        if c.isascii() and c.isalnum():
            cur.append(c)
        elif c in "'\u2019":
            continue  # "Lee's Summit" == "Lees Summit", "O'Fallon" == "O Fallon"
        elif cur:
            tokens.append("".join(cur))
            cur = []
    if cur:
        tokens.append("".join(cur))
    return "".join(TOKEN_EXPANSIONS.get(t, t) for t in tokens)


# ZIP-file county names that differ from OFLC by more than spelling.
COUNTY_RENAMES = {
    ("AK", "Wade Hampton Census Area"): "Kusilvak Census Area",
    ("AK", "Petersburg Census Area"): "Petersburg Borough",
    ("AK", "Prince of Wales-Outer Ketchikan Borough"): "Prince of Wales-Hyder Census Area",
    ("AK", "City and Borough of Juneau"): "Juneau City and Borough",
    ("AK", "Municipality of Anchorage"): "Anchorage Municipality",
    # Valdez-Cordova was split in 2019; Valdez and Cordova themselves are in Chugach.
    ("AK", "Valdez-Cordova Census Area"): "Chugach Census Area",
    ("SD", "Shannon County"): "Oglala Lakota County",
    ("VA", "Charles City"): "Charles City County",
    ("VA", "James City"): "James City County",
}


def county_key(name: str) -> str:
    return norm_key(name)


def load_oflc(path):
    by_state = collections.defaultdict(dict)  # state -> county_key -> OFLC name
    for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
        by_state[r["StateAb"]][county_key(r["CountyTownName"])] = r["CountyTownName"]
    return by_state


def match_county(oflc, state, county):
    county = COUNTY_RENAMES.get((state, county), county)
    names = oflc.get(state)
    if not names or not county:
        return None
    k = county_key(county)
    for cand in (k, k + "county", k + "municipio", k + "parish"):
        if cand in names:
            return names[cand]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zips", default=os.path.join(ROOT, "..", "shared", "data", "geo", "us_zipcodes.csv"))
    ap.add_argument("--oflc", default=os.path.join(ROOT, "data", "geo", "oflc_county_to_oews_area.csv"))
    ap.add_argument("--ct", default=os.path.join(ROOT, "data", "geo", "ct_town_planning_region.csv"))
    ap.add_argument("--extra", default=os.path.join(ROOT, "data", "geo", "us_places_extra.csv"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "geo", "us_city_county.csv"))
    args = ap.parse_args()

    oflc = load_oflc(args.oflc)
    ct_town_region = {norm_key(r["town"]): r["planning_region"]
                      for r in csv.DictReader(open(args.ct, newline="", encoding="utf-8"))}
    assert len(ct_town_region) == 169, "Connecticut has 169 towns"
    for region in set(ct_town_region.values()):
        assert county_key(region) in oflc["CT"], f"{region} not in OFLC"

    zips = list(csv.DictReader(open(args.zips, newline="", encoding="utf-8")))

    # Connecticut: locate every ZIP in a planning region.
    ct_anchor = [(float(z["lat"]), float(z["long"]), ct_town_region[norm_key(z["city"])])
                 for z in zips if z["state"] == "CT" and norm_key(z["city"]) in ct_town_region
                 and z["lat"] and z["long"]]

    def ct_region_of(z):
        k = norm_key(z["city"])
        if k in ct_town_region:
            return ct_town_region[k]
        lat, lon = float(z["lat"]), float(z["long"])
        c = math.cos(math.radians(lat))
        return min(ct_anchor, key=lambda a: (a[0] - lat) ** 2 + ((a[1] - lon) * c) ** 2)[2]

    # ZIPs with no county, or a county of a neighbouring state (a few PO boxes
    # and unique ZIPs), take the county of the nearest ZIP in the same state.
    located = collections.defaultdict(list)
    for z in zips:
        if z["state"] != "CT" and z["lat"] and z["long"]:
            c = match_county(oflc, z["state"], z["county"])
            if c:
                located[z["state"]].append((float(z["lat"]), float(z["long"]), c))

    def nearest_county(z):
        cands = located.get(z["state"])
        if not cands or not z["lat"] or not z["long"]:
            return None
        lat, lon = float(z["lat"]), float(z["long"])
        c = math.cos(math.radians(lat))
        return min(cands, key=lambda a: (a[0] - lat) ** 2 + ((a[1] - lon) * c) ** 2)[2]

    dropped = collections.Counter()
    by_neighbour = 0
    county_zips = collections.Counter()  # (state, county) -> ZIPs, for tie-breaks
    # (state, key) -> county -> [primary active, primary all, acceptable active, acceptable all]
    scores = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0, 0, 0]))
    spellings = collections.defaultdict(collections.Counter)
    for z in zips:
        st = z["state"]
        if st == "CT":
            county = ct_region_of(z)
        else:
            county = match_county(oflc, st, z["county"])
            if county is None:
                county = nearest_county(z)
                by_neighbour += county is not None
        if county is None:
            dropped[(st, z["county"])] += 1
            continue
        county_zips[(st, county)] += 1
        active = z["active"] == "True"
        names = [(z["city"], True)] + [(a, False) for a in z["acceptable_cities"].split(";") if a.strip()]
        seen = set()
        for name, primary in names:
            name = " ".join(name.split())
            k = norm_key(name)
            if not k or (k, primary) in seen:
                continue
            seen.add((k, primary))
            s = scores[(st, k)][county]
            base = 0 if primary else 2
            s[base + 1] += 1
            if active:
                s[base] += 1
            spellings[(st, k)][name] += 1

    # Connecticut town names are authoritative even where no ZIP carries them.
    for k, region in ct_town_region.items():
        scores[("CT", k)][region][0] += 0

    ct_names = {norm_key(r["town"]): r["town"]
                for r in csv.DictReader(open(args.ct, newline="", encoding="utf-8"))}
    rows = []
    for (st, k), by_county in scores.items():
        if st == "CT" and k in ct_town_region:
            county, name = ct_town_region[k], ct_names[k]
        else:
            county = max(by_county.items(),
                         key=lambda kv: (tuple(kv[1]), county_zips[(st, kv[0])], [-ord(c) for c in kv[0]]))[0]
            # Most frequent spelling; on ties the longer (unabbreviated) one.
            name = max(spellings[(st, k)].items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        rows.append((st, name, county))
    # Hand-added places the ZIP table lacks (neighbourhoods with no post office
    # that salary sources name); a ZIP-derived row of the same key wins.
    have = {(st, norm_key(n)) for st, n, _ in rows}
    for r in csv.DictReader(open(args.extra, newline="", encoding="utf-8")):
        assert county_key(r["county"]) in oflc[r["state"]], f"{r} county not in OFLC"
        if (r["state"], norm_key(r["city"])) not in have:
            rows.append((r["state"], r["city"], oflc[r["state"]][county_key(r["county"])]))
    rows.sort(key=lambda r: (r[0], norm_key(r[1])))

    with open(args.out, "w", newline="", encoding="utf-8") as f:
        f.write("state,city,county\n")
        for st, name, county in rows:
            assert "," not in name and "," not in county and '"' not in name + county
            f.write(f"{st},{name},{county}\n")

    multi = sum(1 for v in scores.values() if len(v) > 1)
    print(f"{len(zips)} ZIP rows -> {len(rows)} (state, city) rows; "
          f"{multi} names span several counties; "
          f"{by_neighbour} ZIP rows placed by their nearest neighbour; "
          f"{sum(dropped.values())} ZIP rows dropped (state not in OFLC)", file=sys.stderr)
    for (st, c), n in sorted(dropped.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  dropped {n:4} {st} {c!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
