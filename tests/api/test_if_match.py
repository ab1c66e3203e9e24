"""If-Match on PUT and PATCH: an edit made on a copy of a record that changed since is refused (412)
and writes nothing; an edit on the current copy, or one sent without If-Match, is saved."""

import json

from portal.countries.models import Country
from portal.forum.models import Participation
from portal.practices.models import Theme

MALI = "/api/v1/countries/mli/"


def test_a_patch_sent_with_the_current_etag_is_saved(editor_api, mali_on_record):
    etag = editor_api.get(MALI)["ETag"]
    response = editor_api.patch(MALI, {"background": "Corrected."}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert Country.objects.get(iso3="MLI").background == "Corrected."


def test_a_patch_sent_with_an_old_etag_is_refused_with_412_and_writes_nothing(editor_api, mali_on_record):
    etag = editor_api.get(MALI)["ETag"]
    assert editor_api.patch(MALI, {"background": "Someone else's."}, format="json").status_code == 200

    response = editor_api.patch(MALI, {"background": "Mine."}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    error = response.json()["error"]
    assert error["status"] == 412 and error["code"] == "precondition_failed"
    assert "The record changed since you read it" in error["message"]
    assert "nothing was saved" in error["message"]
    assert not response.has_header("ETag")
    assert Country.objects.get(iso3="MLI").background == "Someone else's."


def test_a_change_made_without_a_save_is_noticed_too(editor_api, mali_on_record):
    """The tag is the record as shown, not its updated_at: a QuerySet.update() also changes it."""
    etag = editor_api.get(MALI)["ETag"]
    Country.objects.filter(iso3="MLI").update(background="Changed in bulk.")
    response = editor_api.patch(MALI, {"background": "Mine."}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Country.objects.get(iso3="MLI").background == "Changed in bulk."


def test_a_patch_without_if_match_is_saved_as_before(editor_api, mali_on_record):
    editor_api.get(MALI)
    Country.objects.filter(iso3="MLI").update(background="Changed meanwhile.")
    response = editor_api.patch(MALI, {"background": "Mine."}, format="json")
    assert response.status_code == 200
    assert Country.objects.get(iso3="MLI").background == "Mine."


def test_the_weak_form_of_the_etag_matches_as_a_compressing_proxy_sends_it(editor_api, mali_on_record):
    etag = editor_api.get(MALI)["ETag"]
    response = editor_api.patch(MALI, {"background": "Via gzip."}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert response.status_code == 200


def test_one_of_several_etags_or_a_star_is_enough(editor_api, mali_on_record):
    etag = editor_api.get(MALI)["ETag"]
    either = f'"an-older-one", {etag}'
    assert editor_api.patch(MALI, {"background": "One."}, format="json", HTTP_IF_MATCH=either).status_code == 200
    assert editor_api.patch(MALI, {"background": "Two."}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert Country.objects.get(iso3="MLI").background == "Two."


def test_a_put_is_checked_too_also_for_records_without_updated_at(editor_api, reference_data):
    theme = Theme.objects.filter(parent__isnull=True).first()
    path = f"/api/v1/themes/{theme.slug}/"
    read = editor_api.get(path)
    body = {key: value for key, value in read.json().items() if key != "id"}
    Theme.objects.filter(pk=theme.pk).update(name="Renamed meanwhile")

    refused = editor_api.put(path, {**body, "name": "My name"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert refused.status_code == 412
    assert Theme.objects.get(pk=theme.pk).name == "Renamed meanwhile"

    again = editor_api.get(path)
    saved = editor_api.put(path, {**body, "name": "My name"}, format="json", HTTP_IF_MATCH=again["ETag"])
    assert saved.status_code == 200, saved.content
    assert Theme.objects.get(pk=theme.pk).name == "My name"


def test_the_precondition_is_judged_before_the_body(editor_api, mali_on_record):
    """A stale edit is told it is stale, whatever else is wrong with it."""
    Country.objects.filter(iso3="MLI").update(background="Changed meanwhile.")
    response = editor_api.patch(MALI, {"name": "x" * 500}, format="json", HTTP_IF_MATCH='"from-before"')
    assert response.status_code == 412


def test_the_etag_is_that_of_the_record_as_the_writer_reads_it(api, editor_api, mali_on_record):
    """Editors see a participation's delegates, the public does not: a tag read anonymously names
    another representation and does not match an editor's write."""
    record = Participation.objects.filter(country=mali_on_record).first()
    path = f"/api/v1/participation/{record.pk}/"
    public = api.get(path)["ETag"]
    assert editor_api.patch(path, {"delegates": "Ms. A"}, format="json", HTTP_IF_MATCH=public).status_code == 412
    own = editor_api.get(path)["ETag"]
    assert editor_api.patch(path, {"delegates": "Ms. A"}, format="json", HTTP_IF_MATCH=own).status_code == 200


def test_the_openapi_document_describes_if_match_and_412(client, db):
    schema = json.loads(client.get("/api/v1/schema/?format=json").content)
    operation = schema["paths"]["/api/v1/countries/{iso3}/"]["patch"]
    assert "If-Match" in {parameter["name"] for parameter in operation["parameters"]}
    assert "412" in operation["responses"]
    assert "412" not in schema["paths"]["/api/v1/countries/{iso3}/"]["delete"]["responses"]
    assert "If-Match" in schema["info"]["description"]
