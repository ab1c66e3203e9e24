"""``manage.py generate_synthetic --practices N [--seed S] [--clear]``: invented data for benchmarks.

Every row it writes says so: practices are titled "[synthetic] …" and carry the source
"synthetic (generate_synthetic)"; participation rows carry the source "synthetic". ``--clear``
removes those rows and nothing else. Never run it on a database that people use.

Practices are published, with titles of 6–14 words and summaries of 80–200 words drawn from a
fixed word list (common words more often than rare ones, as in real text), one to three
countries (or "global"), themes, GCM objectives, SDG targets and, for some, a GFMD source linked
to an edition. Each edition gets participation records for about 150 countries (random
attendance), where the country has none yet. Writes go through bulk_create in batches; the
search index follows through its database triggers.
"""

import datetime
import random
import time
from itertools import accumulate

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from portal.countries.models import Country
from portal.forum.models import Edition, Participation
from portal.practices.models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme

PRACTICE_SOURCE = "synthetic (generate_synthetic)"
PARTICIPATION_SOURCE = "synthetic"
TITLE_PREFIX = "[synthetic] "
BATCH_SIZE = 2000
COUNTRIES_PER_EDITION = 150

# Written for this command. Ordered roughly from frequent to rare: word n is drawn with weight 1/n
# (Zipf's law), so the first words are everywhere and the last ones in a few practices only.
_WORD_TEXT = """
the of and to in for a with on by is are as that from their this at through an be which its
migrants migration programme support project local national government development community
workers countries labour people services partners access policy women young training
information cooperation return regional mobility skills employment rights protection network
integration families health education municipal public private sector civil society
organisations ministry agency office centre platform dialogue framework strategy plan action
capacity knowledge data research evidence review evaluation results outcomes impact lessons
learned practice model approach initiative pilot phase scale partnership agreement bilateral
diaspora remittances
multilateral origin destination transit host home abroad overseas returnees refugees displaced
stateless children youth students graduates entrepreneurs investors businesses small enterprises
financial inclusion savings transfers costs banks mobile money digital online tools portal
registration documents identity consular embassy recruitment fair ethical decent wages contracts
employers unions associations volunteers mentors experts teachers doctors nurses engineers farmers
seasonal circular temporary permanent legal regular pathways visas permits residence citizenship
language courses orientation housing legal aid counselling referral shelter reception screening
border management cooperation trafficking smuggling victims assistance reintegration grants loans
microcredit investment funds matching diaspora bonds philanthropy networks hometown associations
urban rural cities municipalities provinces districts villages coastal desert islands climate
drought floods environmental change resilience adaptation disaster preparedness early warning
social cohesion discrimination xenophobia awareness campaigns media journalists stories cultural
heritage festivals sport arts inclusion participation elections voting representation councils
gender equality domestic care household caregivers nannies agricultural construction hospitality
tourism fisheries mining garment factories logistics transport drivers seafarers maritime
recognition qualifications certification apprenticeships vocational technical universities
scholarships exchanges brain gain circulation knowledge transfer return fellowships twinning
monitoring indicators surveys census statistics dashboards registers interoperability privacy
safeguards complaints grievance justice courts lawyers paralegals hotline helpline outreach
translation interpretation mediators peer leaders champions ambassadors alliances coalitions
secretariat forum summit roundtable meeting workshop conference report guidelines handbook toolkit
curriculum module session webinar exchange visit study tour mission delegation chair cochair
launched established created designed implemented funded coordinated evaluated expanded
replicated adapted improved strengthened reduced increased promoted facilitated enabled provided
offered trained supported connected mobilised engaged consulted documented shared published
across within between among during after before under beyond alongside together jointly
first second third new existing innovative successful sustainable inclusive effective
comprehensive targeted flexible affordable accessible transparent accountable coherent
"""
WORDS = list(dict.fromkeys(_WORD_TEXT.split()))  # a word listed twice keeps its first (more frequent) place

ORGANISATIONS = [
    "a national employment agency",
    "the ministry of labour",
    "a diaspora council",
    "a municipal migrant office",
    "an international organisation",
    "a regional economic community",
    "a chamber of commerce",
    "a trade union federation",
    "a university research centre",
    "a women's cooperative",
    "a microfinance institution",
    "a private recruitment association",
    "a youth network",
    "a development bank",
    "a faith-based charity",
]


class Command(BaseCommand):
    help = "Add clearly labelled synthetic practices (and participation records) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practices", type=int, default=0, help="How many synthetic practices to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (the same seed gives the same data).")
        parser.add_argument("--clear", action="store_true", help="Remove every synthetic row first.")

    def handle(self, *args: object, practices: int, seed: int, clear: bool, **options: object) -> None:
        if practices < 0:
            raise CommandError("--practices must be zero or more.")
        if not practices and not clear:
            raise CommandError("Nothing to do: give --practices N and/or --clear.")
        if clear:
            self.clear()
        if practices:
            self.generate(practices, random.Random(seed))

    # --- removal ---------------------------------------------------------------------------------

    def clear(self) -> None:
        synthetic = Practice.objects.filter(source=PRACTICE_SOURCE)
        with transaction.atomic():
            ids = synthetic.values("pk")
            for through in (
                Practice.countries.through,
                Practice.themes.through,
                Practice.gcm_objectives.through,
                Practice.sdg_targets.through,
            ):
                through.objects.filter(practice_id__in=ids).delete()
            PracticeSource.objects.filter(practice_id__in=ids).delete()
            # One statement instead of Django's per-object delete: that would load every row and
            # write a "deleted" history record for each of these invented practices.
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {Practice._meta.db_table} WHERE source = %s", [PRACTICE_SOURCE])  # noqa: S608
                removed = cursor.rowcount
            participations, _ = Participation.objects.filter(source=PARTICIPATION_SOURCE).delete()
        self.stdout.write(f"Removed {removed} synthetic practices and {participations} synthetic participation rows.")

    # --- generation ------------------------------------------------------------------------------

    def generate(self, total: int, rng: random.Random) -> None:
        countries = list(Country.objects.values_list("pk", flat=True))
        editions = list(Edition.objects.values_list("pk", "label"))
        themes = list(Theme.objects.values_list("pk", flat=True))
        objectives = list(GCMObjective.objects.values_list("pk", flat=True))
        targets = list(SDGTarget.objects.values_list("pk", flat=True))
        if not (countries and editions and themes and objectives and targets):
            raise CommandError(
                "Reference data is missing (countries, editions, themes, GCM objectives, SDG targets): "
                "run `python manage.py load_reference_data` first."
            )
        started = time.monotonic()
        self.participation(countries, [pk for pk, _ in editions], rng)
        weights = list(accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))
        kinds = [value for value, _ in Practice.SubmitterKind.choices]
        first_day = datetime.date(2008, 1, 1).toordinal()
        last_day = datetime.date(2025, 12, 31).toordinal()
        done = 0
        while done < total:
            size = min(BATCH_SIZE, total - done)
            with transaction.atomic():
                batch = [
                    Practice(
                        title=TITLE_PREFIX + sentence(rng, weights, rng.randint(6, 14), stop=""),
                        summary=paragraph(rng, weights, rng.randint(80, 200)),
                        partners=", ".join(rng.sample(ORGANISATIONS, rng.randint(1, 3))) if rng.random() < 0.6 else "",
                        is_global=rng.random() < 0.05,
                        submitter_kind=rng.choice(kinds),
                        date_shared=(
                            datetime.date.fromordinal(rng.randint(first_day, last_day)) if rng.random() < 0.9 else None
                        ),
                        status=Practice.Status.PUBLISHED,
                        source=PRACTICE_SOURCE,
                    )
                    for _ in range(size)
                ]
                created = Practice.objects.bulk_create(batch, batch_size=500)
                self.links(created, countries, editions, themes, objectives, targets, rng)
            done += size
            self.stdout.write(f"  {done}/{total} practices ({time.monotonic() - started:.1f} s)")
        self.stdout.write(f"Added {total} synthetic practices in {time.monotonic() - started:.1f} s.")

    def links(
        self,
        created: list[Practice],
        countries: list[int],
        editions: list[tuple[int, str]],
        themes: list[int],
        objectives: list[int],
        targets: list[int],
        rng: random.Random,
    ) -> None:
        country_rows, theme_rows, objective_rows, target_rows, sources = [], [], [], [], []
        for practice in created:
            if not practice.is_global:
                for country in rng.sample(countries, rng.choice((1, 1, 1, 2, 3))):
                    country_rows.append(Practice.countries.through(practice_id=practice.pk, country_id=country))
            for theme in rng.sample(themes, rng.randint(0, 2)):
                theme_rows.append(Practice.themes.through(practice_id=practice.pk, theme_id=theme))
            for objective in rng.sample(objectives, rng.randint(1, 3)):
                objective_rows.append(
                    Practice.gcm_objectives.through(practice_id=practice.pk, gcmobjective_id=objective)
                )
            for target in rng.sample(targets, rng.randint(0, 2)):
                target_rows.append(Practice.sdg_targets.through(practice_id=practice.pk, sdgtarget_id=target))
            if rng.random() < 0.4:
                edition, label = rng.choice(editions)
                sources.append(
                    PracticeSource(
                        practice_id=practice.pk,
                        text=f"GFMD {label} – synthetic roundtable session {rng.randint(1, 3)}.{rng.randint(1, 4)}",
                        edition_id=edition,
                    )
                )
        Practice.countries.through.objects.bulk_create(country_rows, batch_size=1000)
        Practice.themes.through.objects.bulk_create(theme_rows, batch_size=1000)
        Practice.gcm_objectives.through.objects.bulk_create(objective_rows, batch_size=1000)
        Practice.sdg_targets.through.objects.bulk_create(target_rows, batch_size=1000)
        PracticeSource.objects.bulk_create(sources, batch_size=1000)

    def participation(self, countries: list[int], editions: list[int], rng: random.Random) -> None:
        """About 150 countries per edition (once per edition), skipping countries that already have a record."""
        taken = set(Participation.objects.values_list("country_id", "edition_id"))
        done = set(Participation.objects.filter(source=PARTICIPATION_SOURCE).values_list("edition_id", flat=True))
        rows = []
        for edition in editions:
            if edition in done:
                continue
            for country in rng.sample(countries, min(COUNTRIES_PER_EDITION, len(countries))):
                if (country, edition) in taken:
                    continue
                prep = rng.random() < 0.7
                rows.append(
                    Participation(
                        country_id=country,
                        edition_id=edition,
                        attended_meeting=prep or rng.random() < 0.5,
                        attended_prep_meetings=prep,
                        attended_summit=rng.random() < 0.8,
                        source=PARTICIPATION_SOURCE,
                    )
                )
        Participation.objects.bulk_create(rows, batch_size=1000)
        if rows:
            self.stdout.write(f"Added {len(rows)} synthetic participation rows.")


def sentence(rng: random.Random, weights: list[float], length: int, stop: str = ".") -> str:
    words = rng.choices(WORDS, cum_weights=weights, k=length)
    return words[0].capitalize() + " " + " ".join(words[1:]) + stop


def paragraph(rng: random.Random, weights: list[float], length: int) -> str:
    sentences = []
    while length > 0:
        size = min(length, rng.randint(8, 22))
        sentences.append(sentence(rng, weights, size))
        length -= size
    return " ".join(sentences)
