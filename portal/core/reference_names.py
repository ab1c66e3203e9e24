"""Reference data in the reader's language: UN M49 regions, GFMD themes, GCM objectives and SDG targets.

The database keeps these names in English, and they stay so: they are identifiers in addresses and
filters (``?region=Africa``), in the API and in the exports. Only their display is translated, through
the gettext catalogues: each dictionary below maps a known English value (as load_reference_data
creates it) to its msgid. A value that is not in a dictionary (an editor added a theme or changed a
label) is shown as it is stored.

The msgids carry a context ("UN M49 region", "GFMD theme", …), so that "Data" the theme and "Data" the
objective, or a region and a word of the interface, can be translated apart.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# UN M49 regions, sub-regions and intermediate regions, as countryinfo names them.
REGION_NAMES: dict[str, Promise] = {
    # Regions
    "Africa": pgettext_lazy("UN M49 region", "Africa"),
    "Americas": pgettext_lazy("UN M49 region", "Americas"),
    "Asia": pgettext_lazy("UN M49 region", "Asia"),
    "Europe": pgettext_lazy("UN M49 region", "Europe"),
    "Oceania": pgettext_lazy("UN M49 region", "Oceania"),
    # Sub-regions
    "Australia and New Zealand": pgettext_lazy("UN M49 region", "Australia and New Zealand"),
    "Central Asia": pgettext_lazy("UN M49 region", "Central Asia"),
    "Eastern Asia": pgettext_lazy("UN M49 region", "Eastern Asia"),
    "Eastern Europe": pgettext_lazy("UN M49 region", "Eastern Europe"),
    "Latin America and the Caribbean": pgettext_lazy("UN M49 region", "Latin America and the Caribbean"),
    "Melanesia": pgettext_lazy("UN M49 region", "Melanesia"),
    "Micronesia": pgettext_lazy("UN M49 region", "Micronesia"),
    "Northern Africa": pgettext_lazy("UN M49 region", "Northern Africa"),
    "Northern America": pgettext_lazy("UN M49 region", "Northern America"),
    "Northern Europe": pgettext_lazy("UN M49 region", "Northern Europe"),
    "Polynesia": pgettext_lazy("UN M49 region", "Polynesia"),
    "South-eastern Asia": pgettext_lazy("UN M49 region", "South-eastern Asia"),
    "Southern Asia": pgettext_lazy("UN M49 region", "Southern Asia"),
    "Southern Europe": pgettext_lazy("UN M49 region", "Southern Europe"),
    "Sub-Saharan Africa": pgettext_lazy("UN M49 region", "Sub-Saharan Africa"),
    "Western Asia": pgettext_lazy("UN M49 region", "Western Asia"),
    "Western Europe": pgettext_lazy("UN M49 region", "Western Europe"),
    # Intermediate regions
    "Caribbean": pgettext_lazy("UN M49 region", "Caribbean"),
    "Central America": pgettext_lazy("UN M49 region", "Central America"),
    "Channel Islands": pgettext_lazy("UN M49 region", "Channel Islands"),
    "Eastern Africa": pgettext_lazy("UN M49 region", "Eastern Africa"),
    "Middle Africa": pgettext_lazy("UN M49 region", "Middle Africa"),
    "South America": pgettext_lazy("UN M49 region", "South America"),
    "Southern Africa": pgettext_lazy("UN M49 region", "Southern Africa"),
    "Western Africa": pgettext_lazy("UN M49 region", "Western Africa"),
}

# The GFMD thematic areas (portal/practices/reference_data.py THEMES).
THEME_NAMES: dict[str, Promise] = {
    "Development Planning": pgettext_lazy("GFMD theme", "Development Planning"),
    "Policy Coherence, Data and Research": pgettext_lazy("GFMD theme", "Policy Coherence, Data and Research"),
    "Migration Management": pgettext_lazy("GFMD theme", "Migration Management"),
    "Data": pgettext_lazy("GFMD theme", "Data"),
    "Development Strategies": pgettext_lazy("GFMD theme", "Development Strategies"),
    "Institutional Coherence": pgettext_lazy("GFMD theme", "Institutional Coherence"),
    "Evaluation and Impact Assessment": pgettext_lazy("GFMD theme", "Evaluation and Impact Assessment"),
    "Evidence Base": pgettext_lazy("GFMD theme", "Evidence Base"),
    "Intergovernmental cooperation": pgettext_lazy("GFMD theme", "Intergovernmental cooperation"),
    "Mainstreaming Migration into Development Planning": pgettext_lazy(
        "GFMD theme", "Mainstreaming Migration into Development Planning"
    ),
    "Policy Coherence": pgettext_lazy("GFMD theme", "Policy Coherence"),
    "Research": pgettext_lazy("GFMD theme", "Research"),
    "Migration and Entrepreneurship": pgettext_lazy("GFMD theme", "Migration and Entrepreneurship"),
}

# The short labels of the 23 objectives of the Global Compact for Migration (reference_data.py).
OBJECTIVE_LABELS: dict[str, Promise] = {
    "Data": pgettext_lazy("GCM objective label", "Data"),
    "Minimize adverse drivers": pgettext_lazy("GCM objective label", "Minimize adverse drivers"),
    "Information provision": pgettext_lazy("GCM objective label", "Information provision"),
    "Legal identity and documentation": pgettext_lazy("GCM objective label", "Legal identity and documentation"),
    "Regular pathways": pgettext_lazy("GCM objective label", "Regular pathways"),
    "Recruitment and decent work": pgettext_lazy("GCM objective label", "Recruitment and decent work"),
    "Reduce vulnerabilities": pgettext_lazy("GCM objective label", "Reduce vulnerabilities"),
    "Save lives": pgettext_lazy("GCM objective label", "Save lives"),
    "Counter smuggling": pgettext_lazy("GCM objective label", "Counter smuggling"),
    "Eradicate trafficking": pgettext_lazy("GCM objective label", "Eradicate trafficking"),
    "Manage borders": pgettext_lazy("GCM objective label", "Manage borders"),
    "Screening and referral": pgettext_lazy("GCM objective label", "Screening and referral"),
    "Alternatives to detention": pgettext_lazy("GCM objective label", "Alternatives to detention"),
    "Consular protection": pgettext_lazy("GCM objective label", "Consular protection"),
    "Access to basic services": pgettext_lazy("GCM objective label", "Access to basic services"),
    "Inclusion and social cohesion": pgettext_lazy("GCM objective label", "Inclusion and social cohesion"),
    "Eliminate discrimination": pgettext_lazy("GCM objective label", "Eliminate discrimination"),
    "Skills development and recognition": pgettext_lazy("GCM objective label", "Skills development and recognition"),
    "Migrant and diaspora contributions": pgettext_lazy("GCM objective label", "Migrant and diaspora contributions"),
    "Remittances": pgettext_lazy("GCM objective label", "Remittances"),
    "Dignified return and reintegration": pgettext_lazy("GCM objective label", "Dignified return and reintegration"),
    "Social protection": pgettext_lazy("GCM objective label", "Social protection"),
    "International cooperation": pgettext_lazy("GCM objective label", "International cooperation"),
}

# The objectives' full titles as the Compact words them (A/RES/73/195). The loader leaves titles
# empty; these are the wordings an editor would enter, so that they show translated when they do.
# (Each English text is written twice: makemessages only extracts literal strings.)
OBJECTIVE_TITLES: dict[str, Promise] = {
    "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies": pgettext_lazy(
        "GCM objective title",
        "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
    ),
    "Minimize the adverse drivers and structural factors that compel people to leave their country of origin": (
        pgettext_lazy(
            "GCM objective title",
            "Minimize the adverse drivers and structural factors that compel people to leave their country of origin",
        )
    ),
    "Provide accurate and timely information at all stages of migration": pgettext_lazy(
        "GCM objective title", "Provide accurate and timely information at all stages of migration"
    ),
    "Ensure that all migrants have proof of legal identity and adequate documentation": pgettext_lazy(
        "GCM objective title", "Ensure that all migrants have proof of legal identity and adequate documentation"
    ),
    "Enhance availability and flexibility of pathways for regular migration": pgettext_lazy(
        "GCM objective title", "Enhance availability and flexibility of pathways for regular migration"
    ),
    "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work": pgettext_lazy(
        "GCM objective title",
        "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
    ),
    "Address and reduce vulnerabilities in migration": pgettext_lazy(
        "GCM objective title", "Address and reduce vulnerabilities in migration"
    ),
    "Save lives and establish coordinated international efforts on missing migrants": pgettext_lazy(
        "GCM objective title", "Save lives and establish coordinated international efforts on missing migrants"
    ),
    "Strengthen the transnational response to smuggling of migrants": pgettext_lazy(
        "GCM objective title", "Strengthen the transnational response to smuggling of migrants"
    ),
    "Prevent, combat and eradicate trafficking in persons in the context of international migration": pgettext_lazy(
        "GCM objective title",
        "Prevent, combat and eradicate trafficking in persons in the context of international migration",
    ),
    "Manage borders in an integrated, secure and coordinated manner": pgettext_lazy(
        "GCM objective title", "Manage borders in an integrated, secure and coordinated manner"
    ),
    (
        "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment "
        "and referral"
    ): pgettext_lazy(
        "GCM objective title",
        "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment "
        "and referral",
    ),
    "Use migration detention only as a measure of last resort and work towards alternatives": pgettext_lazy(
        "GCM objective title", "Use migration detention only as a measure of last resort and work towards alternatives"
    ),
    "Enhance consular protection, assistance and cooperation throughout the migration cycle": pgettext_lazy(
        "GCM objective title", "Enhance consular protection, assistance and cooperation throughout the migration cycle"
    ),
    "Provide access to basic services for migrants": pgettext_lazy(
        "GCM objective title", "Provide access to basic services for migrants"
    ),
    "Empower migrants and societies to realize full inclusion and social cohesion": pgettext_lazy(
        "GCM objective title", "Empower migrants and societies to realize full inclusion and social cohesion"
    ),
    (
        "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions "
        "of migration"
    ): pgettext_lazy(
        "GCM objective title",
        "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions "
        "of migration",
    ),
    "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences": (
        pgettext_lazy(
            "GCM objective title",
            "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences",
        )
    ),
    (
        "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries"
    ): pgettext_lazy(
        "GCM objective title",
        "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries",
    ),
    (
        "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants"
    ): pgettext_lazy(
        "GCM objective title",
        "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants",
    ),
    (
        "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration"
    ): pgettext_lazy(
        "GCM objective title",
        "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration",
    ),
    "Establish mechanisms for the portability of social security entitlements and earned benefits": pgettext_lazy(
        "GCM objective title",
        "Establish mechanisms for the portability of social security entitlements and earned benefits",
    ),
    "Strengthen international cooperation and global partnerships for safe, orderly and regular migration": (
        pgettext_lazy(
            "GCM objective title",
            "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
        )
    ),
}

# The migration-related targets of the 2030 Agenda (A/RES/70/1), by their titles (reference_data.py).
SDG_TARGET_TITLES: dict[str, Promise] = {
    (
        "Take immediate and effective measures to eradicate forced labour, end modern slavery and human "
        "trafficking and secure the prohibition and elimination of the worst forms of child labour, including "
        "recruitment and use of child soldiers, and by 2025 end child labour in all its forms"
    ): pgettext_lazy(
        "SDG target",
        "Take immediate and effective measures to eradicate forced labour, end modern slavery and human "
        "trafficking and secure the prohibition and elimination of the worst forms of child labour, including "
        "recruitment and use of child soldiers, and by 2025 end child labour in all its forms",
    ),
    (
        "Protect labour rights and promote safe and secure working environments for all workers, including "
        "migrant workers, in particular women migrants, and those in precarious employment"
    ): pgettext_lazy(
        "SDG target",
        "Protect labour rights and promote safe and secure working environments for all workers, including "
        "migrant workers, in particular women migrants, and those in precarious employment",
    ),
    (
        "Facilitate orderly, safe, regular and responsible migration and mobility of people, including through "
        "the implementation of planned and well-managed migration policies"
    ): pgettext_lazy(
        "SDG target",
        "Facilitate orderly, safe, regular and responsible migration and mobility of people, including through "
        "the implementation of planned and well-managed migration policies",
    ),
    (
        "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances and eliminate "
        "remittance corridors with costs higher than 5 per cent"
    ): pgettext_lazy(
        "SDG target",
        "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances and eliminate "
        "remittance corridors with costs higher than 5 per cent",
    ),
    "End abuse, exploitation, trafficking and all forms of violence against and torture of children": pgettext_lazy(
        "SDG target", "End abuse, exploitation, trafficking and all forms of violence against and torture of children"
    ),
    (
        "By 2020, enhance capacity-building support to developing countries, including for least developed "
        "countries and small island developing States, to increase significantly the availability of "
        "high-quality, timely and reliable data disaggregated by income, gender, age, race, ethnicity, "
        "migratory status, disability, geographic location and other characteristics relevant in national "
        "contexts"
    ): pgettext_lazy(
        "SDG target",
        "By 2020, enhance capacity-building support to developing countries, including for least developed "
        "countries and small island developing States, to increase significantly the availability of "
        "high-quality, timely and reliable data disaggregated by income, gender, age, race, ethnicity, "
        "migratory status, disability, geographic location and other characteristics relevant in national "
        "contexts",
    ),
}


def _lookup(table: dict[str, Promise], value: str | None) -> str:
    """The translation of ``value`` in the active language; ``value`` itself when the table lacks it."""
    if not value:
        return value or ""
    found = table.get(value)
    return str(found) if found is not None else value


def _stored(record: Any, field: str) -> str | None:
    """A record's stored text: ``record`` may be the model instance or the text itself."""
    return record if record is None or isinstance(record, str) else getattr(record, field)


def region_name(value: str | None) -> str:
    """A UN M49 region, sub-region or intermediate region as the reader reads it ("Afrique de l'Ouest")."""
    return _lookup(REGION_NAMES, value)


def theme_name(theme: Any) -> str:
    """A theme's own name (a Theme, or its stored name) in the reader's language."""
    return _lookup(THEME_NAMES, _stored(theme, "name"))


def theme_path(theme: Any) -> str:
    """A theme under its parent, as Theme.__str__ writes it ("Parent › Name"), in the reader's language."""
    if theme.parent_id:
        return f"{theme_name(theme.parent)} › {theme_name(theme)}"
    return theme_name(theme)


def objective_label(objective: Any) -> str:
    """A GCM objective's short label (a GCMObjective, or its stored label) in the reader's language."""
    return _lookup(OBJECTIVE_LABELS, _stored(objective, "short_label"))


def objective_title(objective: Any) -> str:
    """A GCM objective's full title (a GCMObjective, or its stored title) in the reader's language."""
    return _lookup(OBJECTIVE_TITLES, _stored(objective, "title"))


def objective_name(objective: Any) -> str:
    """The objective with its number, as GCMObjective.__str__ writes it ("5. Regular pathways")."""
    return f"{objective.number}. {objective_label(objective)}"


def sdg_target_title(target: Any) -> str:
    """An SDG target's title (an SDGTarget, or its stored title) in the reader's language."""
    return _lookup(SDG_TARGET_TITLES, _stored(target, "title"))


def sdg_target_name(target: Any) -> str:
    """The target with its code, as SDGTarget.__str__ writes it ("10.7 Facilitate orderly, …")."""
    return f"{target.code} {sdg_target_title(target)}".strip()
