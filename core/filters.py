from dataclasses import dataclass, fields

from django.http import QueryDict


@dataclass(frozen=True)
class QueryFilter:
    """A listing's filter values, one string field per query parameter ("" when absent)."""

    @classmethod
    def from_query(cls, query: QueryDict):
        return cls(**{f.name: query.get(f.name, "").strip() for f in fields(cls)})
