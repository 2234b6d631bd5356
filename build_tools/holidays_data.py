"""Public holidays for the planner, from the `holidays` package at build time.

One small JSON file per place, docs/holidays/<key>.json, for the year of the build and the
next two, and the year before (a plan made in December still runs in January when the site
is rebuilt): the planner loads only the file of the place the user picks. No date is typed
by hand; a test compares every file with the library.
"""
from __future__ import annotations

import json
from datetime import date

import holidays

# key -> (what the page calls it, country code, subdivision or None)
PLACES: dict[str, tuple[str, str, str | None]] = {
    "england-and-wales": ("England and Wales", "GB", "ENG"),
    "scotland": ("Scotland", "GB", "SCT"),
    "northern-ireland": ("Northern Ireland", "GB", "NIR"),
    "ireland": ("Ireland", "IE", None),
    "united-states": ("United States (federal holidays)", "US", None),
    "canada": ("Canada (national holidays)", "CA", None),
    "australia": ("Australia (national holidays)", "AU", None),
    "new-zealand": ("New Zealand (national holidays)", "NZ", None),
    "india": ("India (national holidays)", "IN", None),
}
YEARS = 4  # the year before the build's, its own and the next two


def holiday_dates(key: str, first_year: int) -> dict[str, str]:
    """ISO date -> holiday name(s), for the place's YEARS years from first_year."""
    _, country, subdiv = PLACES[key]
    found = holidays.country_holidays(country, subdiv=subdiv, years=range(first_year, first_year + YEARS))
    return {day.isoformat(): name for day, name in sorted(found.items())}


def holiday_files(today: date | None = None) -> dict[str, str]:
    """docs-relative path -> the JSON text of each place's file."""
    year = (today or date.today()).year - 1
    out = {}
    for key, (name, _, _) in PLACES.items():
        data = {"key": key, "place": name, "source": f"the holidays package, version {holidays.__version__}",
                "first": f"{year}-01-01", "last": f"{year + YEARS - 1}-12-31",
                "dates": holiday_dates(key, year)}
        out[f"holidays/{key}.json"] = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return out
