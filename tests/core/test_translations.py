"""Translated content: which text a reader sees, and how an untranslated one is marked."""

from django.template import engines
from django.utils import translation

from portal.core.translations import translated
from portal.forum.models import Edition
from portal.practices.models import Practice


def render(template: str, **context) -> str:
    return engines["django"].from_string("{% load translated %}" + template).render(context)


def test_a_reader_gets_the_translation_of_their_language():
    edition = Edition(label="2099", theme="Migration and development", theme_fr="Migration et développement")
    text = translated(edition, "theme", "fr")
    assert (text.text, text.language, text.fallback) == ("Migration et développement", "fr", False)


def test_without_a_translation_the_original_is_shown_and_flagged_as_a_fallback():
    edition = Edition(label="2099", theme="Migration and development")
    text = translated(edition, "theme", "es")
    assert (text.text, text.language, text.fallback) == ("Migration and development", "en", True)


def test_readers_of_the_original_language_get_the_original_unmarked():
    practice = Practice(title="Forum de la diaspora", language="fr", title_en="Diaspora forum")
    assert translated(practice, "title", "fr").text == "Forum de la diaspora"
    assert translated(practice, "title", "fr").fallback is False
    assert translated(practice, "title", "en").text == "Diaspora forum"


def test_an_empty_original_is_never_marked_as_untranslated():
    assert translated(Edition(label="2099"), "theme", "fr").fallback is False


def test_the_tag_marks_an_untranslated_text_with_its_language_and_a_visible_note():
    edition = Edition(label="2099", theme="Mobility & <skills>")
    with translation.override("fr"):
        html = render('{% translated e "theme" %}', e=edition)
    note = _in_english_in("fr")
    assert (
        html == f'<span lang="en">Mobility &amp; &lt;skills&gt;</span> <span class="untranslated-note">({note})</span>'
    )


def _in_english_in(language: str) -> str:
    with translation.override(language):
        return translation.gettext("in English")


def test_the_tag_prints_a_translation_without_markup():
    edition = Edition(label="2099", theme="Mobility", theme_es="Movilidad")
    with translation.override("es"):
        assert render('{% translated e "theme" %}', e=edition) == "Movilidad"


def test_the_tag_labels_a_translation_that_is_not_in_the_page_language():
    # An English page showing a practice written in French that has an English translation: no marking.
    practice = Practice(title="Forum de la diaspora", language="fr", title_en="Diaspora forum")
    with translation.override("en"):
        assert render('{% translated p "title" %}', p=practice) == "Diaspora forum"
    # Without the English translation: the French original, marked.
    practice.title_en = ""
    with translation.override("en"):
        html = render('{% translated p "title" %}', p=practice)
    assert html.startswith('<span lang="fr">Forum de la diaspora</span>')
    assert "untranslated-note" in html


def test_the_as_form_gives_the_text_language_and_note_to_the_template():
    edition = Edition(label="2099", theme="Line one\nLine two")
    with translation.override("fr"):
        html = render(
            '{% translated e "theme" as t %}<div lang="{{ t.language }}">{{ t.text|linebreaksbr }}</div>{{ t.note }}',
            e=edition,
        )
    assert html.startswith('<div lang="en">Line one<br>Line two</div><span class="untranslated-note">')


def test_the_plain_text_filter_escapes_like_any_value():
    edition = Edition(label="2099", theme="A <b>", theme_fr="Un <b>")
    with translation.override("fr"):
        assert render('{{ e|translated_text:"theme" }}', e=edition) == "Un &lt;b&gt;"


def test_a_long_untranslated_text_shows_the_note_then_its_paragraphs_in_its_language():
    practice = Practice(title="T", language="en", summary="First & <only>\n\n• one\n• two")
    with translation.override("fr"):
        html = render('{% translated_paragraphs p "summary" %}', p=practice)
    assert html == (
        f'<p class="untranslated"><span class="untranslated-note">({_in_english_in("fr")})</span></p>'
        '<div lang="en"><p dir="auto">First &amp; &lt;only&gt;</p>\n<ul dir="auto"><li>one</li><li>two</li></ul></div>'
    )


def test_a_long_text_in_the_page_language_is_paragraphs_without_marking():
    practice = Practice(title="T", language="en", summary="Résumé", summary_fr="Un <b>résumé</b>\nsur deux lignes")
    with translation.override("fr"):
        html = render('{% translated_paragraphs p "summary" %}', p=practice)
    assert html == '<p dir="auto">Un &lt;b&gt;résumé&lt;/b&gt;<br>sur deux lignes</p>'
