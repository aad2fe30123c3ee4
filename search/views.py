from django.http import JsonResponse
from django.shortcuts import render

from search.backend import index_degraded
from search.selectors import RESULT_TYPES, SearchHit, search_site

# Offered when nothing is found: words inspectors look up most, each a known-good query.
SUGGESTED_QUERIES = ["一把手", "问题线索", "个别谈话", "三重一大", "选人用人", "整改"]
#: The query parameter that includes revised and repealed editions (off unless it is "1").
INCLUDE_SUPERSEDED = "superseded"


def _outcome(request):
    return search_site(
        request=request,
        query=request.GET.get("q", ""),
        result_type=request.GET.get("type", ""),
        page_number=request.GET.get("page", 1),
        include_superseded=request.GET.get(INCLUDE_SUPERSEDED) == "1",
    )


def search(request):
    outcome = _outcome(request)
    return render(
        request,
        "search/search.html",
        {
            "outcome": outcome,
            "query": outcome.query,
            "types": RESULT_TYPES,
            "suggestions": SUGGESTED_QUERIES,
            # Kept on every tab, "all" and pager link, so a reader who included old editions keeps them.
            "superseded_param": f"&{INCLUDE_SUPERSEDED}=1" if outcome.include_superseded else "",
            # The index could not be opened: results came from the database while it is rebuilt.
            "index_degraded": index_degraded(),
        },
    )


def _edition(hit: SearchHit) -> dict:
    """An article's or an edition's validity, and for an article of a superseded edition where it stands now."""
    if hit.status is None:
        return {}
    fields = {
        "edition_status": hit.status.value,
        "edition_status_label": str(hit.status.label),
        "superseded": hit.superseded,
    }
    citation = hit.citation
    if citation is not None:
        fields["removed_from_edition_in_force"] = citation.removed
        if citation.followed:
            current = citation.current
            fields["current"] = {
                "title": f"《{current.regulation.title}》{current.label}",
                "url": current.get_url(),
                "change": citation.change.value,
            }
    return fields


def search_api(request):
    outcome = _outcome(request)
    results = [
        {
            "type": hit.type,
            "title": hit.title,
            "url": hit.url,
            "snippet": str(hit.snippet),
            **({"regulation": hit.regulation, "number": hit.number} if hit.type == "article" else {}),
            **_edition(hit),
        }
        for group in outcome.groups
        for hit in group.hits
    ]
    payload = {
        "query": outcome.query,
        "total": outcome.total,
        # Large filtered searches are counted approximately (see search.results).
        "total_is_estimate": outcome.total_is_estimate,
        "fallback": outcome.fallback_used,
        "include_superseded": outcome.include_superseded,
        # True when the index could not be opened and the database answered (results may be incomplete).
        "index_degraded": index_degraded(),
        "results": results,
    }
    if outcome.page is not None:
        payload["page"] = outcome.page.number
        payload["pages"] = outcome.page.paginator.num_pages
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
