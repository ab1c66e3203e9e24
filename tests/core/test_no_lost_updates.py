"""Two editors saving the same record: the second is told, sees both versions, and nothing is overwritten."""

import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.core.concurrency import ConcurrentEditForm, version_of
from portal.countries.models import Country
from portal.forum.models import Participation
from tests.conftest import with_totp


def editor(name: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return with_totp(User.objects.get(pk=user.pk))


@pytest.fixture
def record(mali):
    return Participation.objects.get(country=mali, edition__label="2009")


def admin_form(client, record) -> dict:
    """What the change page would post back, as the page was loaded."""
    page = client.get(reverse("admin:forum_participation_change", args=[record.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("on" if value is True else "" if value in (False, None) else value) for name, value in data.items()}
    for prefix in ("roundtable_roles", "meeting_roles"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_the_second_of_two_editors_is_told_and_the_first_save_stands(client, record):
    first, second = editor("first"), editor("second")
    client.force_login(first)
    first_form = admin_form(client, record)
    client.force_login(second)
    second_form = admin_form(client, record)

    client.force_login(first)
    first_form["financial_contribution"] = "USD 10,000 (first editor)"
    response = client.post(reverse("admin:forum_participation_change", args=[record.pk]), first_form)
    assert response.status_code == 302

    client.force_login(second)
    second_form["financial_contribution"] = "EUR 5,000 (second editor)"
    response = client.post(reverse("admin:forum_participation_change", args=[record.pk]), second_form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record after you opened it, so your changes were not saved." in page
    assert "theirs “USD 10,000 (first editor)”, yours “EUR 5,000 (second editor)”" in page
    record.refresh_from_db()
    assert record.financial_contribution == "USD 10,000 (first editor)"


def test_a_save_on_the_current_version_goes_through(client, record):
    client.force_login(editor("only"))
    form = admin_form(client, record)
    assert form["loaded_version"] == version_of(record)
    form["financial_contribution"] = "CHF 2,000"
    assert client.post(reverse("admin:forum_participation_change", args=[record.pk]), form).status_code == 302
    record.refresh_from_db()
    assert record.financial_contribution == "CHF 2,000"


class BackgroundForm(ConcurrentEditForm):
    """The smallest form with a version check: a country's background."""

    class Meta:
        model = Country
        fields = ["background"]


def new_country(iso3: str = "ZZZ") -> Country:
    return Country.objects.create(iso2=iso3[:2], iso3=iso3, name=f"Country {iso3}", background="As imported.")


def background_form(country_pk: int, background: str, loaded_version: str) -> BackgroundForm:
    return BackgroundForm(
        data={"background": background, "loaded_version": loaded_version}, instance=Country.objects.get(pk=country_pk)
    )


@pytest.mark.django_db
def test_a_form_on_a_stale_version_is_refused_with_both_versions():
    country = new_country()
    opened = version_of(country)
    Country.objects.get(pk=country.pk).save()  # someone else saves meanwhile
    form = background_form(country.pk, "Mine.", opened)
    assert not form.is_valid()
    assert form.has_error("__all__", code="stale")
    assert form.conflicts == [("Background", "As imported.", "Mine.")]


@pytest.mark.django_db
def test_a_save_that_someone_else_overtook_after_validation_is_refused_and_writes_nothing():
    """The window between validating and saving (a view that validates before its transaction,
    as the practice form does): the save compares the versions again."""
    country = new_country()
    form = background_form(country.pk, "Mine.", version_of(country))
    assert form.is_valid()
    theirs = Country.objects.get(pk=country.pk)
    theirs.background = "Theirs."
    theirs.save()
    with pytest.raises(ValidationError) as refused:
        form.save()
    assert refused.value.code == "stale"
    country.refresh_from_db()
    assert country.background == "Theirs."


@pytest.mark.django_db
def test_a_record_deleted_meanwhile_is_reported_as_deleted():
    country = new_country()
    form = background_form(country.pk, "Mine.", version_of(country))
    Country.objects.filter(pk=country.pk).delete()
    assert not form.is_valid()
    assert form.has_error("__all__", code="deleted")


@pytest.mark.django_db
def test_the_practice_form_refuses_a_save_overtaken_between_validation_and_saving(client, mali, django_user_model):
    """The practice edit page validates before its transaction and saves inside it; the save-time
    check in that transaction is what refuses the overtaken save."""
    from portal.practices.forms import PracticeForm
    from portal.practices.models import Practice

    practice = Practice.objects.create(title="Remittance bonds", summary="Before.", is_global=True)
    data = {"title": "Remittance bonds", "summary": "Mine.", "is_global": "on", "loaded_version": version_of(practice)}
    form = PracticeForm(data=data, instance=Practice.objects.get(pk=practice.pk))
    assert form.is_valid(), form.errors
    Practice.objects.filter(pk=practice.pk).update(summary="Theirs.", updated_at=timezone.now())
    with pytest.raises(ValidationError), transaction.atomic():
        form.save(commit=False).save()
    practice.refresh_from_db()
    assert practice.summary == "Theirs."


def postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def waiting_for_a_lock(timeout: float = 5.0) -> bool:
    """Whether another session of this database is (or within the timeout comes to be) waiting for a row lock."""
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_locks is read live (pg_stat_activity would stay as first read in this transaction).
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.skipif(not postgresql(), reason="row locks need PostgreSQL (SQLite lets one writer at a time anyway)")
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_version_at_the_same_moment_cannot_both_succeed():
    """Two editors, two connections, one version: the second's check waits for the first's save,
    then sees the new version and is refused. Without the lock both checks would pass."""
    country = new_country()
    opened = version_of(country)
    first_checked = threading.Event()
    outcome: dict[str, object] = {}

    def first_editor() -> None:
        try:
            with transaction.atomic():
                form = background_form(country.pk, "First.", opened)
                outcome["first valid"] = form.is_valid()
                first_checked.set()
                outcome["second waited"] = waiting_for_a_lock()
                form.save()
        finally:
            first_checked.set()
            connections.close_all()

    def second_editor() -> None:
        first_checked.wait(10)
        try:
            with transaction.atomic():
                form = background_form(country.pk, "Second.", opened)
                outcome["second valid"] = form.is_valid()
                if outcome["second valid"]:
                    form.save()
                outcome["second errors"] = form.non_field_errors()
        finally:
            connections.close_all()

    editors = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    for editor_thread in editors:
        editor_thread.start()
    for editor_thread in editors:
        editor_thread.join(30)
    assert outcome["first valid"] is True
    assert outcome["second waited"] is True
    assert outcome["second valid"] is False
    assert "Someone else saved this record after you opened it" in str(outcome["second errors"])
    country.refresh_from_db()
    assert country.background == "First."


def test_files_show_by_name_in_the_list_of_differences():
    """A file field is iterable (over the file's lines): it must show as its name, not be read."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db.models.fields.files import FieldFile

    from portal.core.concurrency import _plain
    from portal.practices.models import Practice

    assert _plain(FieldFile(Practice(), Practice._meta.get_field("image"), None)) == ""
    assert _plain(SimpleUploadedFile("logo.png", b"line one\nline two")) == "logo.png"
