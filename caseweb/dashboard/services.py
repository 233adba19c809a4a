"""Dashboard tiles; features register their own tile providers here."""
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
