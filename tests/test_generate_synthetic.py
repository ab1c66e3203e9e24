import io

import pytest
from django.core.management import CommandError, call_command

from portal.forum.models import Edition, Participation
from portal.practices.models import Practice
from portal.seed.management.commands.generate_synthetic import PARTICIPATION_SOURCE, PRACTICE_SOURCE


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", *args, stdout=out)
    return out.getvalue()


def test_it_refuses_to_run_without_reference_data(db):
    with pytest.raises(CommandError, match="run `python manage.py load_reference_data` first"):
        generate("--practices", "3")
    assert not Practice.objects.exists()


def test_it_adds_labelled_published_practices_of_realistic_length(reference_data):
    output = generate("--practices", "30", "--seed", "7")
    assert "30/30 practices" in output
    practices = Practice.objects.filter(source=PRACTICE_SOURCE)
    assert practices.count() == 30
    for practice in practices:
        assert practice.status == Practice.Status.PUBLISHED
        assert practice.title.startswith("[synthetic] ")
        assert 6 <= len(practice.title.removeprefix("[synthetic] ").split()) <= 14
        assert 80 <= len(practice.summary.split()) <= 200
        assert practice.is_global or practice.countries.exists()
        assert practice.gcm_objectives.exists()
    assert Practice.objects.published().count() == 30


def test_it_records_participation_for_about_150_countries_per_edition(reference_data):
    generate("--practices", "1")
    editions = Edition.objects.count()
    synthetic = Participation.objects.filter(source=PARTICIPATION_SOURCE)
    assert synthetic.count() == 150 * editions
    assert synthetic.filter(attended_summit=True).exists() and synthetic.filter(attended_summit=False).exists()
    generate("--practices", "1")  # once per edition
    assert synthetic.count() == 150 * editions


def test_the_same_seed_gives_the_same_practices(reference_data):
    generate("--practices", "5", "--seed", "3")
    first = list(Practice.objects.order_by("id").values_list("title", "summary", "date_shared"))
    generate("--clear")
    generate("--practices", "5", "--seed", "3")
    assert list(Practice.objects.order_by("id").values_list("title", "summary", "date_shared")) == first


def test_clear_removes_only_synthetic_rows(mali):
    real_practices = Practice.objects.count()
    real_participation = Participation.objects.count()
    generate("--practices", "12")
    assert Practice.objects.count() == real_practices + 12
    output = generate("--clear")
    assert "Removed 12 synthetic practices" in output
    assert Practice.objects.count() == real_practices
    assert Participation.objects.count() == real_participation
    assert Practice.objects.published().search("diaspora").exists()


def test_synthetic_practices_are_searchable(reference_data):
    generate("--practices", "40", "--seed", "1")
    # "migrants" is among the most frequent words of the list: some practice has it.
    assert Practice.objects.published().search("migrants").exists()
