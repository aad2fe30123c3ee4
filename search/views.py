from django.http import JsonResponse
from django.shortcuts import render

from search.selectors import RESULT_TYPES, search_site

# Offered when nothing is found: words inspectors look up most, each a known-good query.
SUGGESTED_QUERIES = ["一把手", "问题线索", "个别谈话", "三重一大", "选人用人", "整改"]


def _outcome(request):
    return search_site(
        request=request,
        query=request.GET.get("q", ""),
        result_type=request.GET.get("type", ""),
        page_number=request.GET.get("page", 1),
    )


def search(request):
    outcome = _outcome(request)
    return render(
        request,
        "search/search.html",
        {"outcome": outcome, "query": outcome.query, "types": RESULT_TYPES, "suggestions": SUGGESTED_QUERIES},
    )


def search_api(request):
    outcome = _outcome(request)
    results = [
        {
            "type": hit.type,
            "title": hit.title,
            "url": hit.url,
            "snippet": str(hit.snippet),
            **({"regulation": hit.regulation, "number": hit.number} if hit.type == "article" else {}),
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
        "results": results,
    }
    if outcome.page is not None:
        payload["page"] = outcome.page.number
        payload["pages"] = outcome.page.paginator.num_pages
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
