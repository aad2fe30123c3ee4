"""The home page's "where to start" steps lead to the edition in force, whatever edition they were linked to."""

import pytest

from tests.citation_chain import NEW_TITLE, OLD_TITLE, old_edition, revise
from tests.factories import RegulationIndexPageFactory, home_page

pytestmark = pytest.mark.django_db


def _link_first_step_to(page):
    home = home_page()
    home.start_steps = [("step", {"title": "先学办法", "text": "", "page": page})]
    home.save_revision().publish()


def test_a_step_linked_to_an_edition_since_revised_leads_to_the_edition_in_force(trainee_client):
    old = old_edition()
    _link_first_step_to(old)
    assert OLD_TITLE in trainee_client.get("/").content.decode()
    new = revise(old)
    html = trainee_client.get("/").content.decode()
    assert NEW_TITLE in html and f'href="{new.url}"' in html
    assert OLD_TITLE not in html


def test_a_step_linked_to_any_other_page_leads_to_that_page(trainee_client):
    page = RegulationIndexPageFactory()
    _link_first_step_to(page)
    assert f'href="{page.url}"' in trainee_client.get("/").content.decode()
