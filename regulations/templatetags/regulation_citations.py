"""``{% article_citation article %}``: a link to an article that follows it to the edition in force.

Every page that points at an article (a case's 相关条文, a question's basis, a lesson, an agenda step, a
review card, a search hit) renders it with this tag, so a reader of a superseded edition's article is told
where the rule stands now. The facts come from regulations.succession; load the article with
``regulations.api.CITATION_RELATED`` (select_related) so a list of citations costs no extra queries.
"""

from django import template

from regulations.citations import citation_of

register = template.Library()


@register.inclusion_tag("regulations/includes/article_citation.html")
def article_citation(article, *, short=False):
    """``short``: the article label alone where the regulation is named around it already."""
    return {"citation": citation_of(article), "short": short}
