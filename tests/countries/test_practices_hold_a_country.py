"""A country that practices name is not deleted, whichever path asks: deleting it would have unlinked
the practices without a word (their link table cascades). The API says why (409), the admin lists the
practices and deletes nothing; a country nothing refers to can still be deleted."""

import pytest
from django.db.models import ProtectedError

from portal.countries.models import Country
from portal.practices.models import Practice
from tests import factories


@pytest.fixture
def named(reference_data):
    return factories.practice("Diaspora bonds", countries=["MLI", "SEN"])


def test_the_api_refuses_and_names_the_practices(editor_api, named):
    response = editor_api.delete("/api/v1/countries/mli/")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "protected"
    assert error["message"] == (
        "The record cannot be deleted: other records refer to it (practices: 1). Delete those first."
    )
    assert set(Practice.objects.get(pk=named.pk).countries.values_list("iso3", flat=True)) == {"MLI", "SEN"}


def test_code_cannot_delete_it_either(named):
    with pytest.raises(ProtectedError):
        Country.objects.get(iso3="MLI").delete()
    assert named.countries.filter(iso3="MLI").exists()


def test_the_admin_lists_the_practices_and_deletes_nothing(admin_client, named):
    mali = Country.objects.get(iso3="MLI")
    path = f"/admin/countries/country/{mali.pk}/delete/"
    page = admin_client.get(path).content.decode()
    assert "would require deleting the following protected related objects" in page
    assert "Practice: Diaspora bonds (names Mali)" in page
    admin_client.post(path, {"post": "yes"})
    assert named.countries.filter(iso3="MLI").exists()


def test_the_admin_s_delete_selected_deletes_nothing_when_one_is_named(admin_client, named):
    chosen = Country.objects.filter(iso3__in=["MLI", "GEO"]).values_list("pk", flat=True)
    form = {"action": "delete_selected", "_selected_action": [str(pk) for pk in chosen], "post": "yes"}
    page = admin_client.post("/admin/countries/country/", form)
    assert "Practice: Diaspora bonds (names Mali)" in page.content.decode()
    assert Country.objects.filter(iso3__in=["MLI", "GEO"]).count() == 2


def test_a_country_nothing_refers_to_is_deleted(editor_api, named):
    assert editor_api.delete("/api/v1/countries/geo/").status_code == 204
    assert not Country.objects.filter(iso3="GEO").exists()
