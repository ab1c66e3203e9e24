"""A country's or an edition's participation record is never deleted with it, whichever path asks:
the admin lists what holds on to it and deletes nothing (the API's answer is in tests/api)."""

import pytest
from django.db.models import ProtectedError

from portal.countries.models import Country
from portal.forum.models import Edition, Participation
from tests import factories


@pytest.fixture
def on_record(reference_data):
    return factories.participation("MLI", "2019", delegates="Mr. A")


@pytest.mark.parametrize("model", [Country, Edition])
def test_the_admin_names_the_record_and_deletes_nothing(admin_client, on_record, model):
    record = on_record.country if model is Country else on_record.edition
    path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{record.pk}/delete/"
    page = admin_client.get(path)
    assert page.status_code == 200
    assert "would require deleting the following protected related objects" in page.content.decode()
    assert "Participation" in page.content.decode()
    admin_client.post(path, {"post": "yes"})
    assert model.objects.filter(pk=record.pk).exists()
    assert Participation.objects.filter(pk=on_record.pk).exists()


def test_the_database_refuses_the_delete_from_code_too(on_record):
    with pytest.raises(ProtectedError):
        Country.objects.filter(iso3="MLI").delete()
    assert Participation.objects.filter(pk=on_record.pk).exists()
