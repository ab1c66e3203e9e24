import xml.etree.ElementTree as ET

from portal.practices.models import Practice

ATOM = "{http://www.w3.org/2005/Atom}"


def test_country_feed_is_atom_listing_the_countrys_published_practices(client, mali):
    draft = Practice.objects.create(title="A draft nobody may see", summary="s", status=Practice.Status.DRAFT)
    draft.countries.add(mali)
    response = client.get("/feeds/countries/mli/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert len(titles) == 8
    assert "Malian Diaspora Forum" in titles
    assert "A draft nobody may see" not in titles
    authors = {entry.findtext(f"{ATOM}author/{ATOM}name") for entry in feed.iter(f"{ATOM}entry")}
    assert authors == {"Ms. Laurence BRON", "Mr. Dário Muhamudo"}


def test_feed_of_an_unknown_country_is_not_found(client, reference_data):
    assert client.get("/feeds/countries/zzz/").status_code == 404
