from portal.practices.models import Practice
from tests.html_text import visible_lines


def test_published_practice_page_shows_title_submitter_summary_and_countries(client, mali):
    practice = Practice.objects.get(title="Malian Diaspora Forum")
    response = client.get(f"/practices/{practice.pk}/")
    assert response.status_code == 200
    lines = visible_lines(response.content.decode())
    assert "Malian Diaspora Forum" in lines
    assert "Submitted by Ms. Laurence BRON on an unrecorded date" in lines
    assert "involvement of the diaspora in Malian political, economical and cultural life." in lines
    assert 'href="/countries/mli/"' in response.content.decode()


def test_a_practice_that_is_not_published_is_not_found(client, db):
    for status in ["draft", "submitted", "changes_requested", "rejected", "withdrawn"]:
        practice = Practice.objects.create(title="Hidden", summary="s", status=status)
        assert client.get(f"/practices/{practice.pk}/").status_code == 404, status
