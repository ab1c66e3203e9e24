"""Every page people read exists in English (as before), French (/fr/) and Spanish (/es/);
the machine-facing addresses (API, exports, health check, admin) have no language prefix."""

import re

import pytest

from portal.practices.models import Practice

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/countries/",
    "/countries/?q=mal",
    "/countries/mli/",
    "/editions/",
    "/editions/2018/",
    "/map/",
    "/participation/",
    "/practices/",
    "/practices/?q=diaspora",
    "/themes/",
    "/gcm-objectives/",
    "/gcm-objectives/5/",
    "/subscriptions/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html)[1]


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_each_public_page_answers_in_french_and_spanish_under_its_prefix(client, mali, language, path):
    response = client.get(f"/{language}{path}")
    assert response.status_code == 200
    assert html_lang(response.content.decode()) == language


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_practice_page_answers_under_each_prefix(client, dated_practice, language):
    response = client.get(f"/{language}/practices/{dated_practice.pk}/")
    assert response.status_code == 200
    assert html_lang(response.content.decode()) == language


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_unprefixed_addresses_stay_english(client, mali, path):
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response.content.decode()) == "en"


def test_the_unprefixed_addresses_stay_english_whatever_the_browser_asks_for(client, mali):
    html = client.get("/countries/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert html_lang(html) == "en"
    assert "<h1>Countries</h1>" in html


def test_a_french_page_is_in_french(client, mali):
    html = client.get("/fr/countries/").content.decode()
    assert "<h1>Pays</h1>" in html
    assert "Aller au contenu" in html  # the skip link
    assert 'href="/fr/countries/mli/"' in html  # links stay in the language


def test_a_spanish_page_is_in_spanish(client, mali):
    html = client.get("/es/editions/").content.decode()
    assert "<h1>Las ediciones del Foro</h1>" in html
    assert 'href="/es/editions/2018/"' in html


@pytest.mark.parametrize(
    "path", ["/fr/api/v1/", "/fr/api/v1/countries/", "/es/exports/practices.csv", "/fr/healthz", "/es/admin/"]
)
def test_the_api_exports_health_check_and_admin_have_no_language_prefix(client, reference_data, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/", "/exports/practices.csv", "/healthz"])
def test_the_api_exports_and_health_check_keep_their_addresses(client, reference_data, path):
    assert client.get(path).status_code == 200


def test_a_draft_stays_private_in_every_language(client, mali):
    draft = Practice.objects.create(title="Not yet", summary="x", status=Practice.Status.DRAFT)
    assert client.get(f"/fr/practices/{draft.pk}/").status_code == 404
