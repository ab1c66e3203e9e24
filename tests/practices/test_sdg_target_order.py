"""SDG targets are listed as the UN lists them, not in text order (which put 10.7 before 8.7)."""

import pytest

from portal.practices.forms import PracticeForm
from portal.practices.models import SDGTarget, target_position


def test_numbered_targets_come_before_lettered_ones_goal_by_goal():
    codes = ["17.18", "10.c", "8.a", "8.10", "10.7", "8.7", "16.2", "x"]
    assert sorted(codes, key=target_position) == ["8.7", "8.10", "8.a", "10.7", "10.c", "16.2", "17.18", "x"]


@pytest.mark.django_db
def test_the_form_and_the_api_list_the_reference_targets_in_that_order(reference_data, client):
    expected = ["8.7", "8.8", "10.7", "10.c", "16.2", "17.18"]
    assert list(SDGTarget.objects.values_list("code", flat=True)) == expected
    labels = [str(label) for _value, label in PracticeForm().fields["sdg_targets"].choices]
    assert [label.split()[0] for label in labels] == expected
    listed = client.get("/api/v1/sdg-targets/").json()
    assert [target["code"] for target in listed["results"]] == expected


@pytest.mark.django_db
def test_a_target_whose_code_an_editor_changes_moves_with_it(reference_data):
    target = SDGTarget.objects.create(code="3.c", title="Health workforce")
    assert list(SDGTarget.objects.values_list("code", flat=True))[:2] == ["3.c", "8.7"]
    target.code = "9.1"
    target.save(update_fields=["code"])
    assert list(SDGTarget.objects.values_list("code", flat=True))[:3] == ["8.7", "8.8", "9.1"]
