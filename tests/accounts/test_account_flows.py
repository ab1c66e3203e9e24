"""Sign-up, e-mail verification, password reset and the profile: the real flows with real message files."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.accounts.roles import can_submit_practices
from tests.html_text import visible_lines
from tests.practices.conftest import mail_to


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


def link_in(message: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.split("\n\n", 1)[1])[1]


def test_sign_up_verify_then_sign_in_and_submit(client, db, mail_dir):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "fatou@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
            "first_name": "Fatou",
            "last_name": "Sow",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="fatou@example.org")
    assert not can_submit_practices(user), "an unverified address is not a contributor yet"
    [message] = mail_to(mail_dir, "fatou@example.org")
    assert "Subject: GFMD Portal: Confirm your e-mail address" in message
    confirm = link_in(message)
    assert client.get(confirm).status_code == 200
    client.post(confirm)
    assert can_submit_practices(User.objects.get(pk=user.pk))
    client.logout()
    response = client.post(reverse("account_login"), {"login": "fatou@example.org", "password": "a long passphrase 42"})
    assert response.status_code == 302
    assert client.get(reverse("practices:submit")).status_code == 200


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db, mail_dir):
    user = User.objects.create_user("omar", "omar@example.org", "old password 1")
    client.post(reverse("account_reset_password"), {"email": "omar@example.org"})
    [message] = mail_to(mail_dir, "omar@example.org")
    reset = client.get(link_in(message), follow=True)
    form_url = reset.redirect_chain[-1][0] if reset.redirect_chain else link_in(message)
    client.post(form_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"})
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, db, mail_dir):
    User.objects.create_user("omar", "omar@example.org", "old password 1")
    known = client.post(reverse("account_reset_password"), {"email": "omar@example.org"}, follow=True)
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert "omar@example.org" not in unknown.content.decode()


def test_profile_sets_the_public_name_with_the_last_name_in_capitals(client, db):
    user = User.objects.create_user("laurence", "l@example.org", "pw")
    client.force_login(user)
    client.post(
        reverse("accounts:profile"),
        {"salutation": "Ms.", "first_name": "Laurence", "last_name": "Bron", "organisation": "IOM", "country": ""},
    )
    user.refresh_from_db()
    assert user.display_name == "Ms. Laurence BRON"
    assert "Ms. Laurence BRON" in client.get(reverse("accounts:profile")).content.decode()


def test_profile_sets_the_language_of_e_mails_and_keeps_it_when_left_out(client, db):
    user = User.objects.create_user("awa", "awa@example.org", "pw")
    client.force_login(user)
    client.post(reverse("accounts:profile"), {"first_name": "Awa", "last_name": "Diop", "language": "fr"})
    user.refresh_from_db()
    assert user.language == "fr"
    client.post(reverse("accounts:profile"), {"first_name": "Awa", "last_name": "Diop"})
    user.refresh_from_db()
    assert user.language == "fr"


def test_profile_refuses_an_unknown_language(client, db):
    user = User.objects.create_user("awa", "awa@example.org", "pw")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"first_name": "Awa", "last_name": "Diop", "language": "de"})
    assert "Select a valid choice. de is not one of the available choices." in response.content.decode()
    user.refresh_from_db()
    assert (user.language, user.first_name) == ("en", "")


def test_a_refused_profile_shows_the_name_as_saved_not_as_typed(client, db):
    user = User.objects.create_user("laurence", "l@example.org", "pw", first_name="Laurence", last_name="BRON")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"first_name": "Zed", "last_name": "Bron", "organisation": "x" * 201}
    )
    html = response.content.decode()
    assert "Ensure this value has at most 200 characters" in html
    assert "You appear on the portal as <strong>Laurence BRON</strong>" in html
    assert 'value="Zed"' in html  # what was typed stays in the field, to be corrected
    assert "Zed BRON" not in html
    user.refresh_from_db()
    assert user.first_name == "Laurence"


def test_profile_needs_a_signed_in_user(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302


def test_repeated_failed_sign_ins_lock_the_account_out_for_a_while(client, db, settings):
    User.objects.create_user("omar", "omar@example.org", "the right passphrase")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": "omar@example.org", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "omar@example.org", "password": "the right passphrase"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("name", ["account_signup", "account_login"])
def test_account_pages_spell_sign_up_and_sign_in_one_way(client, db, name):
    """allauth's own "Signup", "Sign Up" and "Sign In" read as the portal's menu does (locale/en)."""
    page = client.get(reverse(name)).content.decode()
    assert "Signup" not in page
    assert "Sign Up" not in page
    assert "Sign In" not in page


def test_sign_out_page_spells_sign_out_as_the_menu_does(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_user("leaving", "leaving@example.org", "pw"))
    page = client.get(reverse("account_logout")).content.decode()
    assert "Sign Out" not in page
    assert "Sign out" in visible_lines(page)


def test_sign_in_page_writes_remember_me_in_sentence_case(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert "Remember me" in page
    assert "Remember Me" not in page


@pytest.mark.parametrize(
    ("url", "words", "allauths"),
    [
        ("/fr/accounts/signup/", "S’inscrire", "Création de compte"),
        ("/es/accounts/signup/", "Registrarse", None),
        ("/fr/accounts/login/", "Se connecter", "Connexion"),
        ("/es/accounts/login/", "Iniciar sesión", None),
    ],
)
def test_sign_up_and_sign_in_pages_say_what_the_menu_says_in_french_and_spanish(client, db, url, words, allauths):
    """The heading, the page's title and the button use the menu's words, not allauth's own
    ("Création de compte" beside a menu that says "S’inscrire"); no English is left."""
    page = client.get(url).content.decode()
    menu = re.search(r'<nav class="user-menu".*?</nav>', page, re.S)[0]
    assert f">{words}</a>" in menu
    assert f"<h1>{words}</h1>" in page
    assert f'<button type="submit">{words}</button>' in page
    assert f"<title>{words} · " in page
    assert allauths is None or allauths not in page
    assert "Sign up" not in page and "Sign in" not in page


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/accounts/signup/", "E-mail address"),
        ("/accounts/login/", "E-mail address"),
        ("/fr/accounts/signup/", "Adresse électronique"),
        ("/fr/accounts/login/", "Adresse électronique"),
        ("/es/accounts/signup/", "Dirección de correo electrónico"),
    ],
)
def test_the_e_mail_field_s_label_and_placeholder_say_the_same(client, db, url, words):
    """French read "Courriel" above a box that said "Adresse e-mail" (Django's and allauth's words)."""
    page = client.get(url).content.decode()
    field = re.search(r'<label for="id_(?:email|login)">([^<]*)</label>.*?placeholder="([^"]*)"', page, re.S)
    assert field and field[1] == field[2] == words


@pytest.mark.parametrize(
    ("url", "label", "empty"),
    [
        ("/accounts/signup/", "E-mail address", "Choose a country"),
        ("/fr/accounts/signup/", None, "Choisissez un pays"),
        ("/es/accounts/signup/", None, "Elija un país"),
    ],
)
def test_the_sign_up_form_says_how_to_choose_a_country_and_its_labels_end_without_a_colon(
    client, reference_data, url, label, empty
):
    html = client.get(url).content.decode()
    assert f'<option value="" selected>{empty}</option>' in html
    assert "---------" not in html
    assert not re.search(r"<label[^>]*>[^<]*:</label>", html)
    if label:
        assert f'<label for="id_email">{label}</label>' in html


def test_the_verification_page_says_e_mail_in_sentence_case_and_names_no_missing_contact(client, db, mail_dir):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
            "first_name": "Awa",
            "last_name": "Traoré",
        },
        follow=True,
    )
    lines = visible_lines(response.content.decode())
    assert "Verify your e-mail address" in lines
    assert not any("contact us" in line for line in lines)


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("/fr", "Vérifiez votre adresse électronique"), ("/es", "Verifique su dirección de correo electrónico")],
)
def test_the_verification_page_names_no_missing_contact_in_french_and_spanish(client, db, mail_dir, prefix, title):
    response = client.post(
        f"{prefix}/accounts/signup/",
        {
            "email": "nouveau@example.org",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
            "first_name": "Awa",
            "last_name": "Traoré",
        },
        follow=True,
    )
    text = response.content.decode()
    assert title in visible_lines(text)
    assert "contact" not in text.split("<main", 1)[1].split("</main>", 1)[0].lower()
