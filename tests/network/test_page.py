import io
import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fullpicture.core.models import AuditEvent, Role
from fullpicture.network.models import HandoverRead, NamedWorker, RelationshipEntry
from fullpicture.people.models import Relationship

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _page(client, family):
    response = client.get(reverse("network:network", args=[family.child.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _panel(html):
    return html.split('id="hidden-adults"')[1].split('id="genogram"')[0]


def test_childrens_social_care_sees_the_hidden_adult_why_and_his_history(family):
    user = family.user("CSC")
    html = _page(_client(user), family)
    panel = _panel(html)
    assert "Dean Coyle" in panel
    assert "Partner of Sarah Hargreaves (mother) per Agency TVP record of 3 March 2026" in panel
    assert "Shared address from 1 March 2026" in panel
    assert "Present at 1 incident (1 August 2026)" in panel
    assert "Assault outside a pub" in panel
    assert "Risk to children marker" in panel
    audit = AuditEvent.objects.filter(actor=user, person=family.child).latest("at")
    assert audit.what == "People around the child" and audit.detail["hidden"] == 1


def test_an_agency_not_allowed_police_history_sees_the_adult_and_why_but_not_the_history(family):
    family.world.record(family.child, "SCH")  # the school is involved with Lily
    user = family.user("SCH")
    html = _page(_client(user), family)
    panel = _panel(html)
    assert "Dean Coyle" in panel
    assert "Partner of Sarah Hargreaves (mother)" in panel
    assert "Present at 1 incident (1 August 2026)" in panel
    assert "Assault outside a pub" not in html
    assert "Police history of violence" not in html
    assert "shared only with certain agencies" in panel
    assert "police, children&#x27;s social care, probation" in panel


def test_a_user_who_may_not_see_the_child_gets_404(family):
    outsider = family.user("OUH")
    response = _client(outsider).get(reverse("network:network", args=[family.child.pk]))
    assert response.status_code == 404


def test_the_page_shows_sources_and_household_and_a_genogram(family):
    html = _page(_client(family.user("CSC")), family)
    assert "<svg viewBox=" in html and 'role="img"' in html
    assert 'id="fp-genogram-title">Genogram of Lily Hargreaves</title>' in html
    assert "Agency TVP: partner relationship recorded 3 March 2026" in html
    people = html.split('id="people"')[1].split('id="household"')[0]
    assert re.search(r"Mark Ellis.*?<td class=\"govuk-table__cell\">No</td>", people, re.S)


def test_recording_a_relationship_is_audited_and_says_who(family):
    user = family.user("CSC", name="jo")
    client = _client(user)
    response = client.post(
        reverse("network:relationship_add", args=[family.child.pk]),
        {
            "a": str(family.partner.pk), "kind": "partner", "b": str(family.mother.pk),
            "from_date_day": "1", "from_date_month": "3", "from_date_year": "2026",
            "note": "Mother told me at the home visit",
        },
    )  # fmt: skip
    assert response.status_code == 302
    relationship = Relationship.objects.get(agency__code="CSC", kind="partner")
    assert RelationshipEntry.objects.get(relationship=relationship).by == user
    assert AuditEvent.objects.filter(actor=user, what__startswith="Relationship added").exists()
    html = _page(client, family)
    assert "recorded by Jo Csc, Agency CSC" in html
    # Children's social care now links him to the child: he is no longer hidden.
    assert "Dean Coyle" not in _panel(html)


def test_adding_someone_not_listed(family):
    user = family.user("CSC")
    response = _client(user).post(
        reverse("network:relationship_add", args=[family.child.pk]),
        {"a": "new", "kind": "godparent", "b": str(family.child.pk), "given_name": "Gary",
         "family_name": "Old", "sex": "M", "note": "Cares for Lily at weekends"},
    )  # fmt: skip
    assert response.status_code == 302
    html = _page(_client(user), family)
    assert "Gary Old" in html and "Godparent" in html


def test_a_bad_relationship_shows_errors(family):
    response = _client(family.user("CSC")).post(
        reverse("network:relationship_add", args=[family.child.pk]),
        {"a": str(family.mother.pk), "kind": "", "b": str(family.mother.pk), "note": ""},
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_only_the_recording_agency_ends_a_relationship(family):
    csc = family.user("CSC")
    relationship = Relationship.objects.get(agency__code="CSC", kind="ex_partner")
    police = family.user("TVP")
    response = _client(police).post(
        reverse("network:relationship_end", args=[family.child.pk]),
        {"relationship": str(relationship.pk), "to_date_day": "1", "to_date_month": "1",
         "to_date_year": "2026", "note": "Split up"},
    )  # fmt: skip
    assert response.status_code == 404
    response = _client(csc).post(
        reverse("network:relationship_end", args=[family.child.pk]),
        {"relationship": str(relationship.pk), "to_date_day": "1", "to_date_month": "1",
         "to_date_year": "2026", "note": "Split up"},
    )  # fmt: skip
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.to_date == date(2026, 1, 1)
    assert AuditEvent.objects.filter(actor=csc, action="correct").exists()


def test_team_around_the_child_from_the_chronology_then_a_named_worker_and_handover(family):
    csc = family.user("CSC", role=Role.MANAGER, name="manager")
    html = _page(_client(csc), family)
    team = html.split('id="team"')[1]
    assert "Jo Bloggs" in team and "Social worker" in team and "1 April 2026" in team
    assert "PC Smith" in team and "1 August 2026" in team
    first = family.user("CSC", name="amy")
    new = family.user("CSC", name="ben")
    client = _client(csc)
    url = reverse("network:named_worker", args=[family.child.pk])
    assert client.post(url, {"worker": str(first.pk), "role": "Social worker",
                             "contact": "01865 000000"}).status_code == 302  # fmt: skip
    # Changing the named worker needs a handover summary.
    assert client.post(url, {"worker": str(new.pk)}).status_code == 400
    assert (
        client.post(url, {"worker": str(new.pk), "handover": "Dean is living there."}).status_code
        == 302
    )
    assert NamedWorker.objects.filter(child=family.child).count() == 2
    # The new worker is shown the handover and the history first.
    ben = _client(new)
    response = ben.get(reverse("network:network", args=[family.child.pk]))
    assert response.status_code == 302 and response.url.endswith("/handover/")
    handover = ben.get(response.url).content.decode()
    assert "Dean is living there." in handover and "Glass thrown" in handover
    assert ben.post(response.url).status_code == 302
    assert HandoverRead.objects.filter(read_by=new).exists()
    assert ben.get(reverse("network:network", args=[family.child.pk])).status_code == 200
    team = _page(client, family).split('id="team"')[1]
    assert "Ben Csc" in team and "Amy Csc" in team


def test_print_page_shows_the_genogram_and_the_list(family):
    response = _client(family.user("CSC")).get(reverse("network:print", args=[family.child.pk]))
    html = response.content.decode()
    assert "<svg" in html and "Everyone around the child" in html and "Dean Coyle" in html
    assert AuditEvent.objects.filter(action="print", person=family.child).exists()


def test_export_json_and_svg(family, tmp_path):
    out = io.StringIO()
    call_command("export_network", person=f"CSC:{family.child.records.get(agency__code='CSC').local_id}",
                 format="json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    people = {p["name"]: p for p in data["people"]}
    assert people["Dean Coyle"]["hidden"] is True
    assert people["Dean Coyle"]["in_household"] is True
    assert people["Dean Coyle"]["relationship"] == "Partner of Sarah Hargreaves (mother)"
    assert people["Sarah Hargreaves"]["hidden"] is False
    sources = {s["agency"] for link in people["Dean Coyle"]["links"] for s in link["sources"]}
    assert sources == {"TVP"}
    assert AuditEvent.objects.filter(process="export-network", action="export").count() == 1
    target = tmp_path / "genogram.svg"
    call_command("export_network", person=str(family.child.pk), format="svg", output=target,
                 stderr=io.StringIO())  # fmt: skip
    svg = target.read_text()
    assert svg.startswith("<?xml") and "<title" in svg and "Dean Coyle" in svg


def test_the_whole_picture_links_to_the_people_around_the_child(family):
    html = (
        _client(family.user("CSC"))
        .get(reverse("chronology:whole_picture", args=[family.child.pk]))
        .content.decode()
    )
    assert reverse("network:network", args=[family.child.pk]) in html


def test_household_over_time_as_a_timeline_and_a_list(family):
    html = _page(_client(family.user("CSC")), family)
    section = html.split('id="household"')[1].split('id="team"')[0]
    assert 'class="fp-household-timeline"' in section
    assert "Dean Coyle: 1 March 2026 to now (Agency TVP)" in section
    assert "Sarah Hargreaves" in section and "Mark Ellis" not in section
