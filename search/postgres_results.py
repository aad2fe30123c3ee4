"""Search results of the PostgreSQL backend (:mod:`search.postgres_backend`): ranks and the count from a narrow
subquery, then the page's rows by pk; the queryset's own filters in the same SQL. See
docs/decisions/0007-postgres-search-backend.md for why it is shaped so (measured with EXPLAIN ANALYZE)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, Count, F, FloatField, Func, Q, Value, When, Window
from modelsearch.backends.base import FilterFieldError
from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresSearchResults
from modelsearch.utils import get_descendants_content_types_pks

from search.postgres_compiler import RANK_WEIGHTS, Compiled
from search.shared_pass import SharedSearchState, current_shared_pass

__all__ = ["PostgresChineseResults"]

#: ts_rank normalisation: scaled into 0..1 (32). The document's length is taken into account by LengthNorm:
#: ts_rank's own (1: divided by the log of the length) let a shorter article outrank one that answers as well
#: by a hair, where the Whoosh backend, whose lengths are stored coarsely, ties them.
NORMALIZATION = 32
#: Rows fetched with the first count: enough for the site's groups and a page of results.
FIRST_ROWS = 20


class LengthNorm(Func):
    """log2(2 + the document's length in tokens, rounded as Whoosh stores it): longer documents score less,
    as with BM25 in the Whoosh backend, and lengths Whoosh cannot tell apart tie."""

    template = "(ln(2 + %(expressions)s) / ln(2))"
    output_field = FloatField()


def _in_shared_pass() -> bool:
    """Whether search.selectors runs this search inside search.shared_pass.shared_pass(): it then decides the any-word
    fallback for the whole query itself, and no search falls back on its own (as with the Whoosh backend)."""
    return current_shared_pass() is not None


def _sum(parts: list):
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


class TsQuery(SearchQuery):
    """A ``tsquery`` literal, cast as it is: no parser, no stemming (the words are segmented already)."""

    def __init__(self, value: str):
        super().__init__(value, search_type="raw")
        self.literal = value

    def as_sql(self, compiler, connection, *args, **kwargs):
        return "%s::tsquery", [self.literal]


class _SearchState:
    """Shared by a results object and its slices (a Paginator counts, then slices): one count per search."""

    def __init__(self):
        self.compiled: Compiled | None = None
        self.fallback_used = False
        self.total: int | None = None
        self.rows: dict[tuple[int, int | None], list] = {}


class PostgresChineseResults(SharedSearchState, PostgresSearchResults):
    supports_facet = True
    state_class = _SearchState

    @property
    def fallback_used(self) -> bool:
        """True when no result had all the words, so results with only some of them were returned."""
        self._total()
        return self._state.fallback_used

    @property
    def _compiled(self) -> Compiled:
        state = self._state
        if state.compiled is None:
            compiler = self.query_compiler
            compiler.extra_words = self.backend.index.index_words() or ()
            state.compiled = compiler.compile()
        return state.compiled

    def _fall_back(self) -> bool:
        if _in_shared_pass():
            return False
        return self._any_word()

    def _any_word(self) -> bool:
        """As the Whoosh backend: a multi-word query that no row matches with every word takes any of them.

        Results with more of the words come first (``count`` parts); True when that found something.
        """
        state = self._state
        terms = self.query_compiler.fallback_terms() if not state.fallback_used else None
        if not terms:
            return False
        state.compiled = self.query_compiler.compile_fallback(terms)
        state.fallback_used, state.total, state.rows = True, None, {}
        if self._fetch(0, FIRST_ROWS) or state.total:
            return True
        state.fallback_used = False
        return False

    def _vector(self) -> str:
        suffixes = getattr(self.query_compiler, "use_suffixes", False)
        return "index_entries__autocomplete" if suffixes else "index_entries__body"

    def _matching(self):
        """The queryset's rows that match, with ``_vector_`` annotated (None: no row can match)."""
        compiled, queryset = self._compiled, self.query_compiler.queryset
        if compiled.match == "":
            return None
        # alias(), not annotate(): the vector is for matching and ranking in SQL; selecting it would send every
        # row's whole tsvector to Python.
        queryset = queryset.alias(_vector_=F(self._vector()), _length_=F("index_entries__title_norm"))
        if compiled.match is None:
            return queryset
        return queryset.filter(_vector_=TsQuery(compiled.match))

    def _rank(self):
        """Sum of the parts' ``ts_rank``, divided by the log of the document's length; plus one for each word
        an any-word search matched, so that results with more of the words come first."""
        scores, coordination = [], []
        for q, factor, kind in self._compiled.rank:
            rank = SearchRank(F("_vector_"), TsQuery(q), weights=Value(RANK_WEIGHTS), normalization=NORMALIZATION)
            if kind == "sum":
                scores.append(rank * factor)
                continue
            matched = Q(_vector_=TsQuery(q))
            scores.append(Case(When(matched, then=rank * factor), default=Value(0.0), output_field=FloatField()))
            if kind == "count":
                coordination.append(Case(When(matched, then=Value(1.0)), default=Value(0.0), output_field=FloatField()))
        if not scores:
            return Value(0.0, output_field=FloatField())
        total = _sum(scores) / LengthNorm(F("_length_"))
        return _sum([*coordination, total]) if coordination else total

    def _rank_sql(self, vector: str, length: str) -> tuple[str, list]:
        """:meth:`_rank` as SQL over those columns: the same terms, types and order of additions (ties too)."""
        scores, coordination = [], []
        for q, factor, kind in self._compiled.rank:
            rank = f"(ts_rank((%s)::float4[], {vector}, %s::tsquery, %s) * %s)"
            rank_params = [RANK_WEIGHTS, q, NORMALIZATION, factor]
            if kind == "sum":
                scores.append((rank, rank_params))
                continue
            scores.append((f"CASE WHEN {vector} @@ (%s::tsquery) THEN {rank} ELSE %s END", [q, *rank_params, 0.0]))
            if kind == "count":
                coordination.append((f"CASE WHEN {vector} @@ (%s::tsquery) THEN %s ELSE %s END", [q, 1.0, 0.0]))
        if not scores:
            return "%s", [0.0]

        def added(parts):
            sql, params = parts[0]
            for part_sql, part_params in parts[1:]:
                sql, params = f"({sql} + {part_sql})", [*params, *part_params]
            return sql, params

        score_sql, score_params = added(scores)
        total = (f"({score_sql} / (ln(2 + {length}) / ln(2)))", score_params)
        return added([*coordination, total]) if coordination else total

    def _ordered(self, queryset):
        compiler = self.query_compiler
        if compiler.order_by_relevance:
            # Ties in the order the objects were indexed first, as in the Whoosh backend.
            return queryset.annotate(_search_rank=self._rank()).order_by(F("_search_rank").desc(), "pk")
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset.annotate(_search_rank=self._rank()) if self._score_field else queryset

    def _fetch(self, start: int, stop: int | None) -> list:
        key = (start, stop)
        state = self._state
        if key in state.rows:
            return state.rows[key]
        for (cached_start, cached_stop), rows in state.rows.items():
            if cached_start <= start and stop is not None and cached_stop is not None and stop <= cached_stop:
                if state.total is None or len(rows) >= min(stop, state.total) - cached_start:
                    return rows[start - cached_start : stop - cached_start]
        queryset = self._matching()
        if queryset is None:
            state.total = 0
            return []
        if self.query_compiler.order_by_relevance:
            head = self._ranked_head(start, stop, with_total=state.total is None)
            return self._keep(key, head, start, stop)
        queryset = self._ordered(queryset)
        columns = ["pk"]
        if "_search_rank" in queryset.query.annotations:
            columns.append("_search_rank")
        if state.total is None:
            queryset = queryset.annotate(_search_total=Window(Count("pk")))
            columns.append("_search_total")
        # Two steps: the page's keys, ranks and the count from the index entries joined to the queryset's own
        # table alone, then the page's objects with their select_related joins. One step made PostgreSQL join
        # (and carry through the window and the sort) every related row of every match, not of one page.
        head = list(queryset.values_list(*columns)[start:stop])
        return self._keep(key, head, start, stop)

    def _keep(self, key, head: list[tuple], start: int, stop: int | None) -> list:
        state = self._state
        if state.total is None and (head or start == 0):
            state.total = head[0][-1] if head else 0
            if not state.total and self._fall_back():
                return self._fetch(start, stop)
        rows = self._objects(head)
        state.rows[key] = rows
        return rows

    def _ranked_head(self, start: int, stop: int | None, *, with_total: bool) -> list[tuple]:
        """``(pk, rank[, total])`` of a page in relevance order (ties by pk, as the Whoosh backend).

        The rank is worked out in the scan of the index entries, before they meet the queryset's rows: the join,
        the count window and the sort then carry (pk, rank) only. Joined first (as the ORM writes it), each
        match's whole ``tsvector`` went through the hash join, which spilled it to temporary files (a word in
        most of 30,000 articles: 22 MB written and read, two thirds of the query's 75 ms). Entries of objects
        the queryset's filters drop (older editions) are ranked too, and dropped by the join.
        """
        # The rank is written as SQL here, not built as ORM expressions: resolving and compiling a tree of a few
        # dozen ts_rank/CASE nodes (an any-word fallback over many word groups) cost more than the query itself.
        own = self.query_compiler.queryset.order_by().values_list("pk")
        try:
            own_sql, own_params = own.query.get_compiler(own.db).as_sql()
        except EmptyResultSet:  # a queryset that can match nothing (none(), pk__in=[])
            return []
        column = self._vector().removeprefix("index_entries__")
        types = get_descendants_content_types_pks(self.query_compiler.queryset.model)
        rank_sql, rank_params = self._rank_sql(f"e.{column}", "e.title_norm")
        match = self._compiled.match
        entries = (
            f"SELECT e.object_id, {rank_sql} FROM {IndexEntry._meta.db_table} e "  # the table name is ours
            f"WHERE e.content_type_id IN ({', '.join(['%s'] * len(types))})"
            + ("" if match is None else f" AND e.{column} @@ (%s::tsquery)")
            + " OFFSET 0"
        )
        entries_params = [*rank_params, *types, *([] if match is None else [match])]
        sql = (
            f"SELECT o.pk, m.rank FROM ({own_sql}) AS o(pk) "
            f"JOIN ({entries}) AS m(object_id, rank) ON m.object_id = (o.pk)::varchar(50)"
        )
        params = (*own_params, *entries_params)
        total = ", count(*) OVER ()" if with_total else ""
        limit = "" if stop is None else f" LIMIT {int(stop) - int(start)}"
        with connections[self.query_compiler.queryset.db].cursor() as cursor:
            cursor.execute(
                f"SELECT s.pk, s.rank{total} FROM ({sql} OFFSET 0) AS s(pk, rank) "
                f"ORDER BY s.rank DESC, s.pk{limit} OFFSET {int(start)}",
                params,
            )
            return [tuple(row) for row in cursor.fetchall()]

    def _objects(self, head: list[tuple]) -> list:
        """The objects of ``(pk, [rank], [total])`` rows, in that order, with the search's score if asked for."""
        if not head:
            return []
        queryset = self.query_compiler.queryset.order_by().filter(pk__in=[row[0] for row in head])
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        by_pk = {obj.pk: obj for obj in queryset}
        rows = []
        for row in head:
            obj = by_pk.get(row[0])
            if obj is None:  # deleted between the two steps
                continue
            if self._score_field:
                setattr(obj, self._score_field, row[1])
            rows.append(obj)
        return rows

    def _do_search(self):
        return self._fetch(self.start, self.stop)

    def _total(self) -> int:
        state = self._state
        if state.total is None:
            self._fetch(0, FIRST_ROWS)
        if state.total is None:
            queryset = self._matching()
            state.total = 0 if queryset is None else queryset.count()
            if not state.total and self._fall_back():
                return self._total()
        return state.total

    def _do_count(self):
        total = self._total()
        stop = total if self.stop is None else min(total, self.stop)
        return max(0, stop - self.start)

    def count_is_estimate(self) -> bool:
        return False

    def exact_count(self) -> int:
        return self.count()

    def facet(self, field_name):
        if self.query_compiler._get_filterable_field(field_name) is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add index.FilterField('
                f'"{field_name}") to {self.query_compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        queryset = self._matching()
        if queryset is None:
            return {}
        rows = queryset.order_by().values(field_name).annotate(count=Count("pk", distinct=True)).order_by("-count")
        return dict((row[field_name], row["count"]) for row in rows)
