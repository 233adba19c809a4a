"""Walking the app's routes (the url_map), so a new route cannot be forgotten by a test.

`rules(app, prefix, args)` picks the rules, `urls(rule, ids)` gives concrete URLs for one
(every value an `any(...)` converter accepts; ids for the named arguments, an id that
exists nowhere for the other integers), `methods(rule)` the methods worth sending.
"""
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

NO_SUCH_ID = 987654


def rules(app, prefix: str = "/", args=None) -> list[Rule]:
    """Rules under `prefix` (never static files); with `args`, only those with one of them in the path."""
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint != "static" and rule.rule.startswith(prefix)
            and (args is None or set(args) & set(rule._converters))]


def urls(rule: Rule, ids: dict | None = None) -> list[str]:
    """Concrete URLs for `rule`, one per value of each `any(...)` converter."""
    ids = ids or {}
    values = [{}]
    for name, converter in rule._converters.items():
        if name in ids:
            options = [ids[name]]
        elif isinstance(converter, AnyConverter):
            options = sorted(converter.items)
        elif isinstance(converter, IntegerConverter):
            options = [NO_SUCH_ID]
        else:
            options = ["x"]
        values = [{**v, name: option} for v in values for option in options]
    return [rule.build(v, append_unknown=False)[1] for v in values]


def methods(rule: Rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})
