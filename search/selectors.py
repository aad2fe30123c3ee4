"""Site search for people: results by type, permission-filtered, with marked snippets.

Backend-agnostic: it runs on whichever Wagtail search backend is configured.

One pass per query: on the Whoosh backend every type and tier is searched inside one
:func:`search.shared_pass.shared_pass`, so the query is scored once over the index and each queryset
keeps its own matches (other backends ignore it). The any-word fallback is decided here, once for the
whole query, and only when requiring every word found nothing of any type; it then needs at least half
of the query's content words in a document, one of them not a common word (:func:`fallback_query`),
so 区块链技术 does not list every article that says 技术.

Revised and repealed editions (and their articles) are left out unless the reader asks for them
(``include_superseded``). That is a filter of the query, not of the hits, so counts and pages stay right:
articles are filtered by their edition (``regulation__in``, a FilterField every backend supports, the
Elasticsearch one included), with the editions of each status listed once per search. An edition whose
status changes therefore needs no re-indexing of its articles.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modelsearch.backends import get_search_backend
from modelsearch.query import Or, PlainText
from wagtail.models import PageViewRestriction

from cases.api import CasePage
from guides.api import InterviewGuidePage
from regulations.api import CITATION_RELATED, Citation, RegulationArticle, RegulationPage, RegulationStatus, citation_of
from search.analysis import query_terms
from search.highlight import highlight
from search.models import synonym_map
from search.shared_pass import shared_pass

MAX_QUERY_LENGTH = 100
# Question words and particles people type (被巡察单位不配合怎么处理): they carry no topic and,
# when any word may match, would pull in almost every document.
STOP_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 把 被 对 从 向 "
    "怎么 怎样 怎么办 如何 什么 哪些 为什么 是否 应该 可以 能否 需要 有没有".split()
)
#: The fallback looks at this many content words at most (the rarest ones, when the backend can tell).
FALLBACK_MAX_WORDS = 6
#: A word held by more documents than this (and than ``COMMON_SHARE`` of the index) is common: in the
#: fallback, a document matching only common words of the query is not a result.
COMMON_MIN_DOCS = 20
COMMON_SHARE = 0.02
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
            if pks
            else RegulationArticle.objects.none()  # nothing to search (most libraries have no coming edition)
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
        lambda scope: [
            RegulationPage.objects.filter(pk__in=pks) if pks else RegulationPage.objects.none()
            for pks in scope.editions_by_currency
        ],
        _regulation_hit,
    ),
]
TYPES_BY_KEY = {t.key: t for t in RESULT_TYPES}


def register_result_type(result_type: ResultType) -> None:
    """A result type of an app above search (called from its AppConfig.ready); registering a key again is a no-op."""
    if result_type.key not in TYPES_BY_KEY:
        RESULT_TYPES.append(result_type)
        TYPES_BY_KEY[result_type.key] = result_type


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


def _search(result_type: ResultType, scope: SearchScope, query) -> TieredResults:
    return TieredResults([queryset.search(query) for queryset in result_type.querysets(scope)])


def _frequencies(words: list[str]) -> tuple[int, dict[str, int]] | None:
    """(documents, documents holding each word) when the backend can tell without searching."""
    frequencies = getattr(get_search_backend(), "document_frequencies", None)
    return frequencies(words) if frequencies is not None else None


def fallback_query(terms: list[str], frequencies: tuple[int, dict[str, int]] | None = None):
    """The any-word query with its minimum-match rule, or None when no document could qualify.

    A document must hold at least half of the query's content words (two of three, two of four...), and
    at least one of them must not be common: a word more than ``COMMON_MIN_DOCS`` documents and
    ``COMMON_SHARE`` of the index hold. Without ``frequencies`` (other backends) no word counts as common.
    """
    words = list(dict.fromkeys(t for t in terms if len(t) > 1)) or list(dict.fromkeys(terms))
    common: set[str] = set()
    if frequencies is not None:
        documents, held = frequencies
        limit = max(COMMON_MIN_DOCS, COMMON_SHARE * documents)
        common = {w for w in words if held.get(w, 0) > limit}
        rarest = set(sorted(words, key=lambda w: held.get(w, 0))[:FALLBACK_MAX_WORDS])
        words = [w for w in words if w in rarest]
    words = words[:FALLBACK_MAX_WORDS]
    need = max(1, math.ceil(len(words) / 2))
    groups = [group for group in combinations(words, need) if not set(group) <= common]
    if not groups:
        return None
    parts = [PlainText(" ".join(group), operator="and") for group in groups]
    return parts[0] if len(parts) == 1 else Or(parts)


def search_site(
    *, request, query: str, result_type: str = "", page_number=1, include_superseded: bool = False
) -> SearchOutcome:
    """Search every type (a few hits each) or one type (paginated); revised and repealed editions and their
    articles only with ``include_superseded``.

    Questions such as 被巡察单位不配合怎么处理 hold words no document has: when requiring every word
    finds nothing of any type, documents with enough of the words are shown instead (see
    :func:`fallback_query`), and the outcome says so.
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
    # Mark the synonyms too: a hit found through 党组织书记 for 一把手 shows why it matched.
    synonyms = synonym_map()
    marked = list(dict.fromkeys([*terms, *(v for t in [*terms, query] for v in synonyms.get(t, []))]))
    with shared_pass():
        every_word = PlainText(" ".join(terms), operator="and")
        results = {t.key: _search(t, scope, every_word) for t in chosen}
        if not any(r.count() for r in results.values()) and len(terms) > 1:
            words = [t for t in terms if len(t) > 1] or terms
            some_words = fallback_query(terms, _frequencies(words))
            if some_words is not None:
                results = {t.key: _search(t, scope, some_words) for t in chosen}
                outcome.fallback_used = any(r.count() for r in results.values())
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
