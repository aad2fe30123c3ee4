"""drills.scoring: category exact / partial / wrong; articles found, missed, extra, across editions."""

from drills.scoring import CategoryResult, score_articles, score_category

# 1 违反六项纪律 > 11 廉洁纪律, 12 群众纪律; 2 党的领导弱化 (no sub-types); 3 选人用人.
PARENTS = {1: None, 11: 1, 12: 1, 2: None, 3: None}


def test_a_category_of_the_case_is_exact():
    score = score_category(chosen_id=11, case_category_ids=[2, 11], parent_of=PARENTS)
    assert score.result == CategoryResult.EXACT
    assert score.expected_id == 11


def test_a_top_level_category_without_sub_types_is_exact():
    assert score_category(chosen_id=2, case_category_ids=[2, 11], parent_of=PARENTS).result == CategoryResult.EXACT


def test_the_wrong_sub_type_is_partial_and_compared_with_the_cases_sub_type():
    score = score_category(chosen_id=11, case_category_ids=[12], parent_of=PARENTS)
    assert score.result == CategoryResult.PARTIAL
    assert score.expected_id == 12


def test_the_top_level_without_the_sub_type_is_partial():
    score = score_category(chosen_id=1, case_category_ids=[12, 2], parent_of=PARENTS)
    assert score.result == CategoryResult.PARTIAL
    assert score.expected_id == 12


def test_another_top_level_is_wrong_and_compared_with_the_most_specific_category():
    score = score_category(chosen_id=3, case_category_ids=[2, 12], parent_of=PARENTS)
    assert score.result == CategoryResult.WRONG
    assert score.expected_id == 12


def test_a_case_without_categories_scores_wrong_with_nothing_to_compare():
    score = score_category(chosen_id=3, case_category_ids=[], parent_of=PARENTS)
    assert (score.result, score.expected_id) == (CategoryResult.WRONG, None)


def test_articles_all_found():
    score = score_articles(chosen_ids=[5, 6], case_article_ids=[6, 5], in_force={5: 5, 6: 6})
    assert (score.hits, score.missed, score.extra, score.mapped) == ([6, 5], [], [], [])
    assert score.all_found


def test_articles_missed_and_extra():
    score = score_articles(chosen_ids=[5, 9], case_article_ids=[5, 6, 7], in_force={5: 5, 6: 6, 7: 7, 9: 9})
    assert score.hits == [5]
    assert score.missed == [6, 7]
    assert score.extra == [9]
    assert score.missed_in_force == [6, 7]
    assert not score.all_found


def test_a_superseded_article_the_case_links_is_found_through_the_article_in_force():
    # The case links 2023 第二条 (id 102), which became 2025 第三条 (id 203); the trainee ticks 203.
    score = score_articles(chosen_ids=[203], case_article_ids=[102], in_force={102: 203, 203: 203})
    assert score.hits == [102]
    assert score.mapped == [102]
    assert score.extra == []


def test_the_old_editions_article_counts_for_the_one_in_force():
    score = score_articles(chosen_ids=[102], case_article_ids=[203], in_force={102: 203, 203: 203})
    assert (score.hits, score.mapped, score.extra) == ([203], [203], [])


def test_a_missed_superseded_article_goes_to_review_as_the_article_in_force():
    score = score_articles(chosen_ids=[], case_article_ids=[102], in_force={102: 203})
    assert score.missed == [102]
    assert score.missed_in_force == [203]


def test_an_article_ticked_twice_counts_once():
    score = score_articles(chosen_ids=[5, 5], case_article_ids=[5], in_force={5: 5})
    assert (score.hits, score.extra) == ([5], [])
