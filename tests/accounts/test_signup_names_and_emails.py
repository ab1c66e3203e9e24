"""Sign-up knows the person, bylines never show an address, and allauth's e-mails are the portal's own."""

import re
from email import message_from_string
from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from portal.accounts.models import User
from portal.countries.models import Country
from tests.practices.conftest import mail_to

PASSWORD = "a long passphrase 42"
HOST = "portal.example.org:8217"


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.ALLOWED_HOSTS = ["portal.example.org", "testserver"]
    return tmp_path / "mail"


def sign_up(client, path="/accounts/signup/", **fields):
    data = {"email": "aminata.focal@example.org", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(path, data, HTTP_HOST=HOST)


def test_sign_up_records_salutation_name_organisation_and_country(client, reference_data, mail_dir):
    mali = Country.objects.get(iso3="MLI")
    response = sign_up(
        client,
        salutation=" Ms. ",
        first_name="Aminata",
        last_name="Touré",
        organisation="Ministry of Malians Abroad",
        country=mali.pk,
    )
    assert response.status_code == 302
    user = User.objects.get(email="aminata.focal@example.org")
    assert (user.salutation, user.first_name, user.last_name) == ("Ms.", "Aminata", "TOURÉ")
    assert user.organisation == "Ministry of Malians Abroad" and user.country == mali
    assert user.display_name == "Ms. Aminata TOURÉ"


def test_sign_up_without_a_name_is_refused_with_a_message_and_no_account(client, db, mail_dir):
    response = sign_up(client, first_name="", last_name="  ")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("This field is required.") == 2
    assert not User.objects.filter(email="aminata.focal@example.org").exists()
    assert mail_to(mail_dir, "aminata.focal@example.org") == []


def test_the_sign_up_form_shows_the_name_fields(client, db):
    html = client.get("/accounts/signup/").content.decode()
    for name in ("salutation", "first_name", "last_name", "organisation", "country"):
        assert f'name="{name}"' in html


def test_the_country_lists_name_countries_in_the_readers_language(reference_data):
    from django.utils import translation

    from portal.accounts.forms import ProfileForm, SignupForm

    germany = Country.objects.get(iso3="DEU")
    with translation.override("fr"):
        for form in (SignupForm(), ProfileForm()):
            assert (germany.pk, "Allemagne") in [
                (choice[0].value, choice[1]) for choice in form.fields["country"].choices if choice[0]
            ]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_country_lists_follow_the_order_of_the_names_shown(reference_data, language):
    """Sorted by the stored English names, Spanish read "Algeria, Samoa Estadounidense, Andorra"."""
    from django.utils import translation

    from portal.accounts.forms import ProfileForm, SignupForm
    from portal.lib.text import sort_key

    with translation.override(language):
        for form in (SignupForm(), ProfileForm()):
            choices = list(form.fields["country"].choices)
            assert choices[0][0] == ""  # the empty choice stays first
            shown = [str(label) for value, label in choices[1:]]
            assert len(shown) == Country.objects.count() > 200
            assert shown == sorted(shown, key=sort_key)


def test_a_country_chosen_from_the_sorted_list_is_saved(client, reference_data, mail_dir):
    germany = Country.objects.get(iso3="DEU")
    sign_up(client, "/es/accounts/signup/", first_name="Hans", last_name="Schmidt", country=germany.pk)
    assert User.objects.get(email="aminata.focal@example.org").country == germany


def test_a_country_that_is_not_in_the_list_is_refused_and_no_account_is_made(client, reference_data, mail_dir):
    response = sign_up(client, first_name="Hans", last_name="Schmidt", country="999999")
    assert response.status_code == 200  # the form again, with its error
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email="aminata.focal@example.org").exists()


def test_a_byline_never_shows_the_username_or_the_address():
    user = User(username="aminata.focal", email="aminata.focal@example.org")
    assert user.display_name == "" and not user.has_name
    assert str(user) == "aminata.focal"  # the admin still tells accounts apart


def test_an_account_without_a_name_is_asked_for_it_when_signing_in(client, db):
    from allauth.account.models import EmailAddress

    user = User.objects.create_user("aminata.focal", "aminata.focal@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/profile/?next=")
    page = client.get(response["Location"]).content.decode()
    assert "Please give your first and last name" in page
    assert "aminata.focal" not in re.sub(r'value="[^"]*"', "", page.split("<main", 1)[1])

    saved = client.post(
        response["Location"], {"salutation": "Ms.", "first_name": "Aminata", "last_name": "Touré", "language": "en"}
    )
    assert saved.status_code == 302 and saved["Location"] == "/"
    assert User.objects.get(pk=user.pk).display_name == "Ms. Aminata TOURÉ"
    # Once named, signing in goes straight on.
    client.logout()
    again = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert not again["Location"].startswith("/accounts/profile/")


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_profile_page_asks_for_the_name_once_and_does_not_link_to_itself(client, db):
    """Other pages carry a banner that leads to the profile; the profile asks in its own words only."""
    client.force_login(User.objects.create_user("no.name", "no.name@example.org", PASSWORD))

    profile = main_of(client.get("/accounts/profile/").content.decode())
    assert profile.count('class="notice') == 1
    assert "Please give your first and last name" in profile
    assert "Please add your name to your profile" not in profile
    assert 'href="/accounts/profile/"' not in profile

    elsewhere = main_of(client.get("/practices/mine/").content.decode())
    assert "Please add your name to your profile" in elsewhere and 'href="/accounts/profile/"' in elsewhere


def test_the_profile_refuses_an_empty_name_and_keeps_the_other_values(client, db):
    user = User.objects.create_user("x", "x@example.org", PASSWORD, first_name="Old")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"first_name": "", "last_name": "", "organisation": "IOM"})
    assert response.status_code == 200
    assert 'value="IOM"' in response.content.decode()
    assert User.objects.get(pk=user.pk).first_name == "Old"


def test_the_confirmation_e_mail_links_to_the_address_signed_up_on_in_the_portal_s_words(client, db, mail_dir):
    sign_up(client, first_name="Aminata", last_name="Touré")
    [message] = mail_to(mail_dir, "aminata.focal@example.org")
    assert "Subject: GFMD Portal: Confirm your e-mail address" in message
    assert "Dear Aminata TOURÉ," in message
    assert "Hello from" not in message and "Thank you for using" not in message
    assert "You receive this message because this address is used for an account on the GFMD Portal" in message
    links = re.findall(r"https?://[^\s/]+", message.split("\n\n", 1)[1])
    assert links and set(links) == {f"http://{HOST}"}
    path = re.search(rf"http://{re.escape(HOST)}(/accounts/confirm-email/\S+)", message)[1]
    page = client.get(path, HTTP_HOST=HOST)
    assert page.status_code == 200
    assert (
        "Please confirm that <strong>aminata.focal@example.org</strong> is the e-mail address of Aminata TOURÉ."
        in page.content.decode()
    )
    client.post(path, HTTP_HOST=HOST)
    assert User.objects.get(email="aminata.focal@example.org").emailaddress_set.get().verified


def test_an_account_without_a_name_is_not_named_by_its_own_address_on_the_confirmation_page(client, db):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    user = User.objects.create_user("admin2", "admin2@example.org", PASSWORD)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    html = client.get(f"/accounts/confirm-email/{EmailConfirmationHMAC(address).key}/").content.decode()
    assert "Please confirm that <strong>admin2@example.org</strong> is your e-mail address." in html
    assert "e-mail address of" not in html


def test_a_broken_confirmation_link_says_what_to_do(client, db):
    html = client.get("/accounts/confirm-email/not-a-key/").content.decode()
    assert "This confirmation link has expired or is not valid." in html


def test_signing_up_on_a_french_page_sends_the_confirmation_in_french(client, db, mail_dir):
    sign_up(client, path="/fr/accounts/signup/", first_name="Awa", last_name="Keita")
    [message] = mail_to(mail_dir, "aminata.focal@example.org")
    assert "Pour confirmer que cette adresse est la vôtre" in message and "Awa KEITA" in message
    subject = str(make_header(decode_header(message_from_string(message)["Subject"])))
    assert subject == "GFMD Portal: Confirmez votre adresse électronique"
    assert f"http://{HOST}/fr/accounts/confirm-email/" in message


def test_the_password_reset_e_mail_is_in_the_account_s_language_and_links_to_the_request_s_host(client, db, mail_dir):
    User.objects.create_user("omar", "omar@example.org", PASSWORD, first_name="Omar", language="es")
    client.post(reverse("account_reset_password"), {"email": "omar@example.org"}, HTTP_HOST=HOST)
    [message] = mail_to(mail_dir, "omar@example.org")
    assert "Alguien, probablemente usted, pidió elegir una nueva contraseña" in message
    assert f"http://{HOST}/accounts/password/reset/key/" in message
