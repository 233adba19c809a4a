"""The dashboard's tiles and sections: each feature registers its providers here (cases, referrals, …).

A module of its own, below every feature, so registering a tile imports nothing of the
dashboard (which reads the cases) and no import cycle can form through it.
"""
TILE_PROVIDERS = []


def tile_provider(func):
    """Register a function(user) -> list of tile dicts {title, count, url, tone}."""
    TILE_PROVIDERS.append(func)
    return func


def tiles(user) -> list[dict]:
    result = []
    for provider in TILE_PROVIDERS:
        result.extend(provider(user))
    return result


SECTION_PROVIDERS = []


def section_provider(func):
    """Register a function(user) -> list of {template, ...context} sections shown under my tasks."""
    SECTION_PROVIDERS.append(func)
    return func


def sections(user) -> list[dict]:
    return [section for provider in SECTION_PROVIDERS for section in provider(user)]
