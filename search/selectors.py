"""Site search for people: results by type, permission-filtered, with marked snippets.

Backend-agnostic: it runs on whichever Wagtail search backend is configured.

Revised and repealed editions (and their articles) are left out unless the reader asks for them
(``include_superseded``). That is a filter of the query, not of the hits, so counts and pages stay right:
articles are filtered by their edition (``regulation__in``, a FilterField every backend supports, the
Elasticsearch one included), with the editions of each status listed once per search. An edition whose
status changes therefore needs no re-indexing of its articles.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

from cases.api import CasePage
from guides.api import InterviewGuidePage
from regulations.api import CITATION_RELATED, Citation, RegulationArticle, RegulationPage, RegulationStatus, citation_of
from search.analysis import query_terms
from search.highlight import highlight
from search.models import synonym_map

MAX_QUERY_LENGTH = 100
# Question words and particles people type (被巡察单位不配合怎么处理): they carry no topic and,
# when any word may match, would pull in almost every document.
STOP_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 把 被 对 从 向 "
    "怎么 怎样 怎么办 如何 什么 哪些 为什么 是否 应该 可以 能否 需要 有没有".split()
)
GROUP_SIZE = 5
PAGE_SIZE = 20
#: Editions a search leaves out unless the reader includes them.
SUPERSEDED = (RegulationStatus.REVISED, RegulationStatus.REPEALED)


@dataclass(frozen=True)
class SearchHit:
    type: str
    title: str
    url: str
    snippet: SafeString
    regulation: str | None = None
    number: str | None = None
    #: An article or an edition: the edition's validity, and whether it is revised or repealed.
    status: RegulationStatus | None = None
    #: An article hit, for the citation to the article in force it became (regulations' tag).
    article: RegulationArticle | None = None

    @property
    def superseded(self) -> bool:
        return self.status in SUPERSEDED

    @property
    def citation(self) -> Citation | None:
        """For an article of a revised or repealed edition: the article of the edition in force it became."""
        return citation_of(self.article) if self.article is not None and self.superseded else None


@dataclass(frozen=True)
class ResultType:
    key: str
    label: str
    querysets: Callable[["SearchScope"], list[QuerySet]]  # searched in order: earlier ones rank first
    to_hit: Callable[[object, list[str]], SearchHit]


@dataclass
class SearchGroup:
    type: ResultType
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    estimated: bool = False  # total is an estimate (shown as 约 N)


@dataclass
class SearchOutcome:
    query: str
    terms: list[str]
    groups: list[SearchGroup]
    total: int
    fallback_used: bool
    result_type: str = ""
    page: object = None  # a Paginator page when one type is chosen
    total_is_estimate: bool = False
    include_superseded: bool = False


class SearchScope:
    """What one user may see, worked out once per search and shared by every type and retry.

    Live pages only; a restricted section only when its restriction admits the user; revised and
    repealed editions only when ``include_superseded``.
    """

    def __init__(self, request, *, include_superseded: bool = False):
        self.request = request
        self.include_superseded = include_superseded

    @cached_property
    def hidden_sections(self) -> list:
        restrictions = PageViewRestriction.objects.select_related("page")
        return [r.page for r in restrictions if not r.accept_request(self.request)]

    def visible(self, queryset: QuerySet) -> QuerySet:
        queryset = queryset.live()
        for section in self.hidden_sections:
            queryset = queryset.not_descendant_of(section, inclusive=True)
        return queryset

    @cached_property
    def editions_by_currency(self) -> list[list[int]]:
        """Visible editions in force first, then those not yet in force, then (when included) revised and
        repealed ones."""
        editions = list(self.visible(RegulationPage.objects.all()).values_list("pk", "status"))
        current = [pk for pk, status in editions if status == RegulationStatus.IN_FORCE]
        coming = [pk for pk, status in editions if status != RegulationStatus.IN_FORCE and status not in SUPERSEDED]
        tiers = [current, coming]
        if self.include_superseded:
            tiers.append([pk for pk, status in editions if status in SUPERSEDED])
        return tiers


def _article_hit(article: RegulationArticle, terms: list[str]) -> SearchHit:
    regulation = article.regulation
    return SearchHit(
        type="article",
        title=f"《{regulation.title}》{article.label}",
        url=article.get_url(),
        snippet=highlight(article.text, terms),
        regulation=regulation.title,
        number=article.label,
        status=RegulationStatus(regulation.status),
        article=article,
    )


def _regulation_hit(page: RegulationPage, terms: list[str]) -> SearchHit:
    return SearchHit(
        type="regulation",
        title=page.title,
        url=page.url,
        snippet=highlight(f"{page.issuing_body} {page.document_number} {page.preamble}", terms),
        regulation=page.title,
        status=RegulationStatus(page.status),
    )


def _page_hit(kind: str, text: Callable[[object], str]) -> Callable[[object, list[str]], SearchHit]:
    def to_hit(page, terms: list[str]) -> SearchHit:
        return SearchHit(type=kind, title=page.title, url=page.url, snippet=highlight(text(page), terms))

    return to_hit


RESULT_TYPES = [
    ResultType(
        "article",
        _("Regulation articles"),
        lambda scope: [
            RegulationArticle.objects.filter(regulation__in=pks).select_related(*CITATION_RELATED)
            for pks in scope.editions_by_currency
        ],
        _article_hit,
    ),
    ResultType(
        "case",
        _("Cases"),
        lambda scope: [scope.visible(CasePage.objects.all())],
        _page_hit("case", lambda p: f"{p.summary} {p.facts} {p.characterisation}"),
    ),
    ResultType(
        "guide",
        _("Interview guides"),
        lambda scope: [scope.visible(InterviewGuidePage.objects.all())],
        _page_hit("guide", lambda p: f"{p.topic} {p.summary} {p.purpose}"),
    ),
    ResultType(
        "regulation",
        _("Regulations"),
        lambda scope: [RegulationPage.objects.filter(pk__in=pks) for pks in scope.editions_by_currency],
        _regulation_hit,
    ),
]
TYPES_BY_KEY = {t.key: t for t in RESULT_TYPES}


def _estimated(results) -> bool:
    """Whether a backend's count is an estimate (only the Whoosh backend estimates, for large filtered searches)."""
    check = getattr(results, "count_is_estimate", None)
    return bool(check and check())


class TieredResults:
    """Search results of several querysets shown one after another (current editions before older ones).

    Each tier keeps the backend's ranking; a Paginator can slice across the tiers.
    A tier's estimated count is made exact once a slice reaches its end.
    """

    def __init__(self, tiers: list):
        self.tiers = tiers
        self._counts = [tier.count() for tier in tiers]
        self._estimated = [n > 0 and _estimated(tier) for tier, n in zip(tiers, self._counts, strict=True)]

    @property
    def fallback_used(self) -> bool:
        return any(
            getattr(tier, "fallback_used", False) and n for tier, n in zip(self.tiers, self._counts, strict=True)
        )

    def count(self) -> int:
        return sum(self._counts)

    def count_is_estimate(self) -> bool:
        return any(self._estimated)

    def __len__(self) -> int:
        return self.count()

    def _make_exact(self, i: int) -> None:
        self._counts[i] = self.tiers[i].exact_count()
        self._estimated[i] = False

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        items, offset = [], 0
        for i, (tier, size) in enumerate(zip(self.tiers, self._counts, strict=True)):
            if self._estimated[i] and stop > offset + size:
                # Later tiers start where this one really ends.
                self._make_exact(i)
                return self[key]
            lo, hi = max(start - offset, 0), min(stop - offset, size)
            if lo < hi:
                got = list(tier[lo:hi])
                if len(got) < hi - lo and self._estimated[i]:
                    self._make_exact(i)
                    return self[key]
                items += got
            offset += size
        return items


def _search(result_type: ResultType, scope: SearchScope, terms: list[str], operator: str) -> TieredResults:
    query = " ".join(terms)
    return TieredResults([queryset.search(query, operator=operator) for queryset in result_type.querysets(scope)])


def search_site(
    *, request, query: str, result_type: str = "", page_number=1, include_superseded: bool = False
) -> SearchOutcome:
    """Search every type (a few hits each) or one type (paginated); revised and repealed editions and their
    articles only with ``include_superseded``.

    Questions such as 被巡察单位不配合怎么处理 hold words no document has: when requiring every word
    finds nothing anywhere, any word may match instead, and the outcome says so.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    terms = [t for t in query_terms(query) if t not in STOP_WORDS] or query_terms(query)
    chosen = [TYPES_BY_KEY[result_type]] if result_type in TYPES_BY_KEY else RESULT_TYPES
    outcome = SearchOutcome(
        query=query,
        terms=terms,
        groups=[],
        total=0,
        fallback_used=False,
        result_type=result_type if result_type in TYPES_BY_KEY else "",
        include_superseded=include_superseded,
    )
    if not terms:
        return outcome
    scope = SearchScope(request, include_superseded=include_superseded)
    results = {t.key: _search(t, scope, terms, "and") for t in chosen}
    counts = {key: r.count() for key, r in results.items()}
    # The Whoosh backend falls back to any-term matching by itself and says so on its results;
    # other backends do not, so the same fallback is done here for them.
    outcome.fallback_used = any(getattr(results[key], "fallback_used", False) and counts[key] for key in results)
    if not any(counts.values()) and len(terms) > 1:
        # Any word may match now; single characters alone would match nearly everything.
        any_terms = [t for t in terms if len(t) > 1] or terms
        results = {t.key: _search(t, scope, any_terms, "or") for t in chosen}
        counts = {key: r.count() for key, r in results.items()}
        outcome.fallback_used = any(counts.values())
    # Mark the synonyms too: a hit found through 党组织书记 for 一把手 shows why it matched.
    synonyms = synonym_map()
    marked = list(dict.fromkeys([*terms, *(v for t in [*terms, query] for v in synonyms.get(t, []))]))
    for kind in chosen:
        if outcome.result_type:
            outcome.page = Paginator(results[kind.key], PAGE_SIZE).get_page(page_number)
            hits = [kind.to_hit(obj, marked) for obj in outcome.page.object_list]
        else:
            hits = [kind.to_hit(obj, marked) for obj in results[kind.key][:GROUP_SIZE]]
        # Read after slicing: a slice past an estimated tier makes that tier's count exact.
        total, estimated = results[kind.key].count(), results[kind.key].count_is_estimate()
        outcome.groups.append(SearchGroup(type=kind, total=total, hits=hits, estimated=estimated))
    outcome.total = sum(group.total for group in outcome.groups)
    outcome.total_is_estimate = any(group.estimated for group in outcome.groups)
    return outcome
