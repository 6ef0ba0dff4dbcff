"""Who may open each page: roles × involvement, and restricted events."""

import pytest
from django.urls import reverse

# Role -> (may see the child, may record about the child)
ROLES = {
    "practitioner": (True, True),
    "manager": (True, True),
    "uninvolved": (False, False),
    "partnership": (True, False),
    "admin": (False, False),
}


def _person_urls(s):
    return {
        "whole_picture": reverse("chronology:whole_picture", args=[s.child.pk]),
        "print": reverse("chronology:print", args=[s.child.pk]),
        "event_detail": reverse("chronology:event_detail", args=[s.injury.pk]),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["whole_picture", "print", "event_detail"])
def test_person_pages_open_only_for_those_who_may_see_the_child(client, scenario, role, page):
    may_see, _ = ROLES[role]
    client.force_login(scenario.users[role])
    response = client.get(_person_urls(scenario)[page])
    assert response.status_code == (200 if may_see else 404)
    if may_see:
        assert "Testchild" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_record_an_event_is_for_case_roles_of_an_involved_agency(client, scenario, role):
    may_see, may_record = ROLES[role]
    client.force_login(scenario.users[role])
    response = client.get(reverse("chronology:event_add", args=[scenario.child.pk]))
    assert response.status_code == (200 if may_record else 403 if may_see else 404)


@pytest.mark.parametrize(
    ("role", "may_correct"),
    [("practitioner", True), ("manager", True), ("police", False), ("partnership", False)],
)
def test_only_the_recording_agency_corrects(client, scenario, role, may_correct):
    client.force_login(scenario.users[role])
    response = client.get(reverse("chronology:event_correct", args=[scenario.injury.pk]))
    assert response.status_code == (200 if may_correct else 403)


@pytest.mark.parametrize(
    ("role", "sees_restricted"),
    [
        ("police", True),
        ("social_worker", True),
        ("practitioner", False),
        ("manager", False),
        ("partnership", False),
    ],
)
def test_a_restricted_police_event_is_seen_by_police_and_social_care_only(
    client, scenario, role, sees_restricted
):
    client.force_login(scenario.users[role])
    page = client.get(reverse("chronology:whole_picture", args=[scenario.child.pk]))
    detail = client.get(reverse("chronology:event_detail", args=[scenario.restricted_police.pk]))
    printed = client.get(reverse("chronology:print", args=[scenario.child.pk]))
    summary = "Domestic abuse incident at the home address"
    assert (summary in page.content.decode()) is sees_restricted
    assert (summary in printed.content.decode()) is sees_restricted
    assert detail.status_code == (200 if sees_restricted else 404)


def test_pages_need_a_signed_in_user(client, scenario):
    response = client.get(reverse("chronology:whole_picture", args=[scenario.child.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_govuk_styled_and_signs_in(client, scenario):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "govuk-frontend.min.css" in page.content.decode()
    response = client.post(
        reverse("login"), {"username": "nurse", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:search")


def test_a_wrong_password_shows_the_error_summary(client, scenario):
    response = client.post(reverse("login"), {"username": "nurse", "password": "wrong"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_sign_out_is_a_post_button_in_the_header(client, scenario):
    client.force_login(scenario.users["practitioner"])
    page = client.get(reverse("people:search")).content.decode()
    assert f'action="{reverse("logout")}"' in page
    assert client.post(reverse("logout")).status_code == 302
