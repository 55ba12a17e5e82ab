"""What each page shows, to whom."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import review
from claims.models import CrossReference

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def test_the_dashboard_counts_documents_claims_and_actors_for_a_signed_in_user(
    reader_client, corpus
):
    page = text_of(reader_client.get("/"))
    assert '2</span> <span class="stat-label">documents' in page
    assert '2</span> <span class="stat-label">suggested claims' in page
    assert '1</span> <span class="stat-label">accepted claim' in page
    assert '1</span> <span class="stat-label">rejected claim' in page
    assert '1</span> <span class="stat-label">link suggestion waiting' in page
    assert "Waiting for review" in page
    assert "the situation was extremely tense" in page


def test_the_dashboard_shows_anonymous_visitors_accepted_claims_only(anon, corpus):
    page = text_of(anon.get("/"))
    assert "accepted claim" in page
    assert "suggested claims" not in page
    assert "Waiting for review" not in page
    assert "the situation was extremely tense" not in page


def test_the_dashboard_says_so_when_there_is_nothing_yet(anon, db):
    page = text_of(anon.get("/"))
    assert "No documents yet." in page


def test_the_documents_list_searches_with_the_document_filterset(anon, corpus):
    page = text_of(anon.get("/documents/", {"q": "treaty"}))
    assert "Treaty is no pact" in page
    assert "Kremlin warns" not in page
    assert "1 document" in page


def test_the_documents_list_says_when_no_document_matches(anon, corpus):
    page = text_of(anon.get("/documents/", {"q": "volcano"}))
    assert "No document matches this search." in page


def test_an_invalid_date_filter_is_a_400_naming_the_field(anon, corpus):
    response = anon.get("/documents/", {"published_after": "yesterday"})
    assert response.status_code == 400
    assert "Enter a valid date." in text_of(response)


def test_the_documents_list_paginates(anon, corpus):
    from tests.ui.factories import make_document

    for n in range(30):
        make_document(f"Filler article number {n}.")
    first, second = text_of(anon.get("/documents/")), text_of(anon.get("/documents/", {"page": 2}))
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count('class="item-title"') == 25
    assert second.count('class="item-title"') == 7


def test_the_reader_highlights_content_cue_speaker_and_condition(reader_client, corpus):
    document = corpus["documents"][0]
    page = text_of(reader_client.get(document.get_absolute_url()))
    claim = corpus["accepted"]
    assert f'class="hl hl-speaker" data-claim="{claim.pk}"' in page
    assert f'class="hl hl-cue" data-claim="{claim.pk}"' in page
    assert f'class="hl hl-content is-accepted" data-claim="{claim.pk}"' in page
    assert "hl hl-content is-accepted hl-condition" in page
    assert 'class="legend"' in page
    assert reverse("claims:claim-detail", args=[claim.pk]) in page


def test_the_reader_shows_anonymous_visitors_only_accepted_claims(anon, corpus):
    page = text_of(anon.get(corpus["documents"][0].get_absolute_url()))
    assert f'data-claim="{corpus["accepted"].pk}"' in page
    assert f'data-claim="{corpus["suggested"].pk}"' not in page
    assert "is-suggested" not in page.split('class="legend"')[1].split("</div>", 1)[1]


def test_the_reader_shows_signed_in_users_suggested_claims_too(reader_client, corpus):
    page = text_of(reader_client.get(corpus["documents"][0].get_absolute_url()))
    assert f'class="hl hl-content is-suggested" data-claim="{corpus["suggested"].pk}"' in page


def test_the_reader_of_an_unknown_document_is_404(anon, db):
    assert anon.get("/documents/999/").status_code == 404


def test_the_claims_list_filters_like_the_api(reader_client, corpus):
    page = text_of(reader_client.get("/claims/", {"status": "suggested", "has_conditions": "true"}))
    assert "their treaty is not a mutual defence pact" in page
    assert "the situation was extremely tense" not in page
    assert "Russia would only agree" not in page


def test_the_claims_list_filters_by_condition_kind_and_speaker(reader_client, corpus):
    page = text_of(reader_client.get("/claims/", {"condition_kind": "only_if"}))
    listed = page.split('class="list-toolbar"')[1]
    assert "Russia would only agree" in listed and "treaty" not in listed
    page = text_of(reader_client.get("/claims/", {"speaker": corpus["putin"].pk}))
    assert "Only claims" in page and "Vladimir Putin" in page
    assert "the situation was extremely tense" not in page


def test_the_claims_list_passes_its_filters_on_to_the_export_links(reader_client, corpus):
    page = text_of(reader_client.get("/claims/", {"status": "accepted", "q": "", "page": "1"}))
    assert 'href="/api/export/claims.csv?status=accepted"' in page
    assert 'href="/api/export/annotations.jsonld?status=accepted"' in page
    assert 'href="/api/export/claimreview.jsonld?status=accepted"' in page


def test_the_claims_list_rejects_an_unknown_status_with_a_400(reader_client, corpus):
    response = reader_client.get("/claims/", {"status": "maybe"})
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


def test_the_claims_list_shows_anonymous_visitors_accepted_claims_only(anon, corpus):
    page = text_of(anon.get("/claims/", {"status": "suggested"}))
    assert "0 claims" in page


def test_the_claim_page_shows_context_speaker_cue_conditions_and_links(reader_client, corpus):
    claim = corpus["accepted"]
    page = text_of(reader_client.get(claim.get_absolute_url()))
    assert 'class="context reader-text"' in page
    assert "He spoke in Saint Petersburg." in page  # the following sentence, for context
    assert corpus["peskov"].get_absolute_url() in page
    assert "<q>said</q>" in page
    assert "Only if" in page
    assert "Related →" in page and "their treaty is not a mutual defence pact" in page
    assert "History" in page and "Claim created (editor)" in page


def test_a_link_shows_on_the_claim_at_either_end(reader_client, corpus):
    page = text_of(reader_client.get(corpus["treaty"].get_absolute_url()))
    assert "← Related" in page and "Russia would only agree" in page


def test_a_confirmed_same_claim_link_names_the_first_appearance(reader_client, corpus):
    CrossReference.objects.filter(pk=corpus["link"].pk).update(
        relation="same_claim", status="confirmed"
    )
    page = text_of(reader_client.get(corpus["accepted"].get_absolute_url()))
    assert "First appearance:" in page
    assert corpus["treaty"].get_absolute_url() in page.split("First appearance:")[1][:400]


def test_the_claim_page_lists_changes_in_its_history(reader_client, corpus, editor):
    claim = corpus["suggested"]
    review.claim_review(claim=claim, status="accepted", user=editor)
    page = text_of(reader_client.get(claim.get_absolute_url()))
    assert "<del>Suggested</del> → <ins>Accepted</ins>" in page
    assert "erin" in page.split("History")[1]


def test_anonymous_visitors_cannot_open_a_claim_that_is_not_accepted(anon, corpus):
    assert anon.get(corpus["suggested"].get_absolute_url()).status_code == 404
    assert anon.get(corpus["accepted"].get_absolute_url()).status_code == 200


def test_anonymous_visitors_see_neither_notes_nor_history_nor_unconfirmed_links(
    anon, corpus, editor
):
    claim = corpus["accepted"]
    review.annotation_create(claim=claim, author=editor, body="Check the Sky News transcript.")
    page = text_of(anon.get(claim.get_absolute_url()))
    assert "Check the Sky News transcript." not in page
    assert "History" not in page
    assert "their treaty" not in page


def test_the_actor_page_lists_the_speakers_claims_oldest_article_first(reader_client, corpus):
    import datetime as dt

    from tests.ui.factories import make_claim, make_document

    older = make_document("Peskov said talks were possible.", published=dt.date(2024, 1, 5))
    make_claim(older, "talks were possible", speaker=corpus["peskov"], mention="Peskov")
    page = text_of(reader_client.get(corpus["peskov"].get_absolute_url()))
    assert "Kremlin spokesman" in page and "Mr Peskov" in page
    assert page.index("talks were possible") < page.index("Russia would only agree")
    assert 'Claims over time <span class="count">(3)</span>' in page


def test_the_actor_page_shows_anonymous_visitors_accepted_claims_only(anon, corpus):
    page = text_of(anon.get(corpus["peskov"].get_absolute_url()))
    assert "Russia would only agree" in page
    assert "the situation was extremely tense" not in page


def test_the_review_queue_lists_suggested_claims_with_their_sentence(editor_client, corpus):
    page = text_of(editor_client.get("/review/"))
    assert 'id="claim-{}"'.format(corpus["suggested"].pk) in page
    assert 'id="claim-{}"'.format(corpus["treaty"].pk) in page
    assert 'id="claim-{}"'.format(corpus["accepted"].pk) not in page
    assert 'data-shortcut="a"' in page and "htmx.min.js" in page


def test_the_review_queue_can_put_the_most_check_worthy_first(editor_client, corpus):
    page = text_of(editor_client.get("/review/", {"order": "worthiness"}))
    assert page.index(f'id="claim-{corpus["suggested"].pk}"') < page.index(
        f'id="claim-{corpus["treaty"].pk}"'
    )
    page = text_of(editor_client.get("/review/"))
    assert page.index(f'id="claim-{corpus["treaty"].pk}"') < page.index(
        f'id="claim-{corpus["suggested"].pk}"'
    )


def test_the_review_queue_lists_suggested_links_on_its_own_tab(editor_client, corpus):
    page = text_of(editor_client.get("/review/", {"tab": "links"}))
    assert f'id="link-{corpus["link"].pk}"' in page
    assert "Confirm" in page


def test_the_review_queue_says_when_it_is_empty(editor_client, db):
    assert "No suggested claims are waiting." in text_of(editor_client.get("/review/"))


def test_sign_in_and_out_use_the_project_templates(anon, editor, corpus):
    page = text_of(anon.get("/accounts/login/"))
    assert "<h1>Sign in</h1>" in page
    response = anon.post("/accounts/login/", {"username": "erin", "password": "erin-password-1"})
    assert response.status_code == 302
    assert "Sign out" in text_of(anon.get("/"))
    anon.post("/accounts/logout/")
    assert "Sign in" in text_of(anon.get("/"))


def test_every_page_has_a_skip_link_and_landmarks(anon, corpus):
    for url in ("/", "/documents/", corpus["documents"][0].get_absolute_url(), "/claims/"):
        page = text_of(anon.get(url))
        assert 'class="skip-link" href="#main"' in page
        assert '<main id="main"' in page and '<nav class="site-nav" aria-label="Main">' in page


def test_the_review_queue_can_be_narrowed_to_one_document(editor_client, corpus):
    second = corpus["documents"][1]
    page = text_of(editor_client.get("/review/", {"document": second.pk}))
    assert f'id="claim-{corpus["treaty"].pk}"' in page
    assert f'id="claim-{corpus["suggested"].pk}"' not in page
    assert "Only suggestions in" in page


def test_the_review_queue_refuses_an_unknown_document_with_a_400(editor_client, corpus):
    response = editor_client.get("/review/", {"document": 999})
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


def test_the_reader_offers_editors_the_review_of_its_suggestions(
    editor_client, reader_client, corpus
):
    url = corpus["documents"][0].get_absolute_url()
    link = f'href="/review/?document={corpus["documents"][0].pk}"'
    assert link in text_of(editor_client.get(url))
    assert link not in text_of(reader_client.get(url))


def test_a_review_queue_narrowed_by_other_filters_says_so(editor_client, corpus):
    page = text_of(editor_client.get("/review/", {"has_conditions": "true"}))
    assert "Only suggestions matching the filters" in page
    assert f'id="claim-{corpus["treaty"].pk}"' in page
    assert f'id="claim-{corpus["suggested"].pk}"' not in page


@pytest.mark.parametrize("url", ["/claims/", "/review/"])
def test_a_has_conditions_value_that_is_not_yes_or_no_is_a_400_saying_so(
    editor_client, corpus, url
):
    response = editor_client.get(url, {"has_conditions": "perhaps"})
    assert response.status_code == 400
    assert "Must be true or false (got &#x27;perhaps&#x27;)" in response.content.decode()


def test_the_any_choice_of_has_conditions_lists_every_claim(reader_client, corpus):
    everything = reader_client.get("/claims/")
    any_ = reader_client.get("/claims/", {"has_conditions": "unknown"})
    assert any_.status_code == 200
    assert any_.context["page"].paginator.count == everything.context["page"].paginator.count


def test_the_claim_history_includes_changes_to_its_conditions_and_notes(
    reader_client, corpus, editor
):
    from claims import review

    claim = corpus["accepted"]
    condition = claim.conditions.first()
    review.condition_update(condition=condition, user=editor, kind="unless")
    review.annotation_create(claim=claim, author=editor, body="Checked against the transcript.")
    page = text_of(reader_client.get(claim.get_absolute_url()))
    assert "Condition changed" in page and "<ins>Unless</ins>" in page
    assert "Note created" in page and "Checked against the transcript." in page


@pytest.mark.parametrize("search", [{}, {"q": "ceasefire"}])
def test_the_claims_list_pages_through_every_claim_once_in_list_order(reader_client, search):
    from tests.ui.factories import make_claim, make_document

    # Undated documents: listed by document, in the order they were stored.
    wanted = []
    for n in range(30):
        document = make_document(f"Talk {n:02d} of a ceasefire went on.", title=f"Talks {n}")
        make_claim(document, f"Talk {n:02d} of a ceasefire went on.")
        wanted.append(f"Talk {n:02d} of a ceasefire")
    make_claim(make_document("Nothing else happened."), "Nothing else happened.")
    if not search:
        wanted.append("Nothing else happened")

    def shown(page) -> list[str]:
        body = text_of(reader_client.get("/claims/", {**search, "page": page}))
        return sorted((w for w in wanted if w in body), key=body.index)

    first, second = shown(1), shown(2)
    assert first + second == wanted
    assert len(first) == 25
    assert shown(99) == second  # past the end: the last page
    assert shown("x") == first  # not a number: the first page


def test_a_direct_quote_is_not_put_between_a_second_pair_of_quotation_marks(reader_client):
    from tests.ui.factories import make_actor, make_claim, make_document

    document = make_document('"We will win," she said. Prices rose sharply.')
    make_claim(document, '"We will win,"', speaker=make_actor("Ana Torres"), kind="direct")
    make_claim(document, "Prices rose sharply.")
    page = text_of(reader_client.get("/claims/"))
    assert "&quot;We will win,&quot;</a>" in page
    assert "\u201c&quot;We will win" not in page
    assert "\u201cPrices rose sharply.\u201d" in page
