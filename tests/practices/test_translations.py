"""Practices in three languages: translations are searchable, shown with fallbacks, listed for
editors when missing, and e-mails go out in the recipient's language."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import User
from portal.accounts.translation_views import gaps
from portal.forum.models import Edition
from portal.practices import services
from portal.practices.models import Practice
from portal.subscriptions.models import Subscription
from tests.practices.conftest import mail_to, verified


@pytest.fixture
def forum_fr(db):
    return Practice.objects.create(
        title="Forum de la diaspora malienne",
        summary="Rencontre annuelle des associations de migrants.",
        language="fr",
        title_en="Malian diaspora forum",
        title_es="Foro de la diáspora maliense",
        status=Practice.Status.PUBLISHED,
    )


# --- search ---------------------------------------------------------------------------------------


def test_search_finds_a_practice_by_words_of_any_of_its_translations(forum_fr):
    published = Practice.objects.published()
    for words in ["diaspora malienne", "Malian diaspora", "diáspora maliense", "associations migrants"]:
        assert list(published.search(words)) == [forum_fr], words


def test_search_follows_a_translation_added_later(forum_fr):
    assert not Practice.objects.published().search("remesas").exists()
    forum_fr.summary_es = "Un encuentro sobre remesas."
    forum_fr.save()
    assert list(Practice.objects.published().search("remesas")) == [forum_fr]


def test_a_title_match_in_a_translation_ranks_first(forum_fr):
    Practice.objects.create(
        title="Annual meeting", summary="Mentions the Malian diaspora in passing.", status=Practice.Status.PUBLISHED
    )
    assert list(Practice.objects.published().search("malian").values_list("title", flat=True))[0] == forum_fr.title


# --- pages ----------------------------------------------------------------------------------------


def test_the_practice_page_shows_the_readers_translation(client, forum_fr):
    page = client.get(f"/es/practices/{forum_fr.pk}/").content.decode()
    assert "Foro de la diáspora maliense" in page


def test_an_untranslated_summary_is_shown_in_its_language_and_marked(client, forum_fr):
    page = client.get(f"/es/practices/{forum_fr.pk}/").content.decode()
    assert 'lang="fr"' in page
    assert "Rencontre annuelle des associations de migrants." in page
    with translation.override("es"):
        assert translation.gettext("in French") in page


def test_search_results_show_titles_in_the_readers_language(client, forum_fr):
    def shown(url: str) -> str:
        return client.get(url).content.decode().replace("<mark>", "").replace("</mark>", "")

    assert "Malian diaspora forum" in shown("/practices/?q=diaspora")
    assert "Foro de la diáspora maliense" in shown("/es/practices/?q=diaspora")
    assert "<mark>diáspora</mark>" in client.get("/es/practices/?q=diaspora").content.decode()


# --- missing translations -------------------------------------------------------------------------


def test_editors_see_how_many_texts_miss_each_translation(client, editor, forum_fr, reference_data):
    by_key = {(gap.label, gap.field, gap.language): gap.count for gap in gaps()}
    assert by_key[("practices.Practice", "title", "en")] == 0  # translated
    assert by_key[("practices.Practice", "summary", "en")] == 1
    assert by_key[("practices.Practice", "title", "fr")] == 0  # its own language
    # The reference data brings the editions' themes in French and Spanish: none is missing until an
    # editor writes a theme of their own.
    assert Edition.objects.exclude(theme="").exists()
    assert by_key[("forum.Edition", "theme", "fr")] == 0
    Edition.objects.filter(label="2007").update(theme="A theme written by an editor", theme_fr="")
    assert {(gap.label, gap.field, gap.language): gap.count for gap in gaps()}[("forum.Edition", "theme", "fr")] == 1
    client.force_login(editor)
    page = client.get("/translations/?model=practices.Practice&field=summary&language=en")
    assert page.status_code == 200
    assert forum_fr.title in page.content.decode()
    assert reverse("admin:practices_practice_change", args=[forum_fr.pk]) in page.content.decode()


def test_a_draft_is_not_listed_as_missing_a_translation(editor, forum_fr):
    forum_fr.status = Practice.Status.DRAFT
    forum_fr.save()
    by_key = {(gap.label, gap.field, gap.language): gap.count for gap in gaps()}
    assert by_key[("practices.Practice", "summary", "en")] == 0


def test_only_editors_see_the_missing_translations(client, contributor, forum_fr):
    assert client.get("/translations/").status_code == 302  # to the sign-in page
    client.force_login(contributor)
    assert client.get("/translations/").status_code == 403


def test_an_unknown_field_in_the_missing_translations_list_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get("/translations/?model=practices.Practice&field=body&language=fr").status_code == 404


# --- e-mails in the recipient's language ----------------------------------------------------------


def test_the_submitter_is_told_in_their_own_language(mail_dir, editor, forum_fr, django_capture_on_commit_callbacks):
    submitter = verified(User.objects.create_user("awa", "awa@example.org", "pw", language="fr"))
    practice = Practice.objects.create(
        title="Guichet unique", summary="Un guichet pour les migrants de retour.", submitter=submitter
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(practice=practice, actor=submitter)
        services.approve(practice=practice, editor=editor)
    messages = mail_to(mail_dir, "awa@example.org")  # "submitted", then "published"
    assert len(messages) == 2
    assert all("Content-Language: fr" in message for message in messages)
    assert f"/fr/practices/{practice.pk}/" in messages[-1]


def test_editors_get_the_submission_notice_in_their_languages(
    settings, contributor, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.contrib.auth.models import Permission

    spanish = User.objects.create_user("ed2", "ed2@example.org", "pw", is_staff=True, language="es")
    spanish.user_permissions.add(Permission.objects.get(codename="change_practice"))
    assert services.editor_addresses() == {"es": ["ed2@example.org"]}
    practice = Practice.objects.create(title="Entry", summary="Text.", submitter=contributor)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(practice=practice, actor=contributor)
    (notice,) = [m for m in mail.outbox if m.to == ["ed2@example.org"]]
    assert notice.extra_headers["Content-Language"] == "es"
    assert "/es/practices/queue/" in notice.body


def test_a_subscription_made_on_a_french_page_sends_french_mail(client, settings, mail_dir, mali):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = client.post(
        reverse_in("fr", "subscriptions:subscribe"),
        {"email": "lecteur@example.org", "target": "country:MLI", "frequency": "weekly"},
    )
    assert response.status_code == 200
    subscription = Subscription.objects.get(email="lecteur@example.org")
    assert subscription.language == "fr"
    (message,) = mail_to(mail_dir, "lecteur@example.org")
    assert "Content-Language: fr" in message
    assert "/fr/subscriptions/" in message


def test_signing_up_on_a_spanish_page_sets_the_language_of_e_mails(client, db, mail_dir):
    client.post(
        reverse_in("es", "account_signup"),
        {
            "email": "nueva@example.org",
            "password1": "a-long-Passw0rd!",
            "password2": "a-long-Passw0rd!",
            "first_name": "Nueva",
            "last_name": "Persona",
        },
    )
    assert User.objects.get(email="nueva@example.org").language == "es"


def reverse_in(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)


def test_a_search_result_in_another_language_keeps_its_lang_around_the_marked_words(client, forum_fr):
    # The summary exists in French only: on the Spanish page it is marked French, its match marked too.
    page = client.get("/es/practices/?q=associations").content.decode()
    assert re.search(
        r'<span lang="fr">[^<]*<mark>associations</mark>[^<]*</span> <span class="untranslated-note">', page
    )
