"""Forms speak the page's language: labels, validation errors, and the messages after an action."""


def test_a_missing_title_is_reported_in_french_beside_its_field(client, reference_data, contributor):
    client.force_login(contributor)
    response = client.post(
        "/fr/practices/submit/",
        {"title": "", "summary": "Une pratique.", "countries": ["SEN"], "action": "submit"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="error" id="id_title_error">Veuillez donner un titre à la pratique.</p>' in html
    assert 'aria-describedby="id_title_error"' in html  # the error is tied to its field
    assert '<label for="id_title">Titre</label>' in html  # above its field: no colon


def test_the_same_error_stays_english_at_the_english_address(client, reference_data, contributor):
    client.force_login(contributor)
    response = client.post("/practices/submit/", {"title": "", "summary": "x", "countries": ["SEN"]})
    assert "Please give the practice a title." in response.content.decode()


def test_choice_labels_are_translated(client, reference_data, contributor):
    client.force_login(contributor)
    html = client.get("/es/practices/submit/").content.decode()
    assert "Autoridad local o regional" in html  # Practice.SubmitterKind
    assert "Guardar como borrador" in html


def test_a_flash_message_after_saving_a_draft_is_in_spanish(client, reference_data, contributor):
    client.force_login(contributor)
    response = client.post(
        "/es/practices/submit/",
        {"title": "Bonos", "summary": "Bonos para la diáspora.", "countries": ["SEN"], "action": "draft"},
        follow=True,
    )
    assert "Guardada como borrador." in response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/es/practices/")


def test_the_subscribe_form_in_french(client, reference_data):
    html = client.get("/fr/countries/sen/").content.decode()
    assert "Votre adresse électronique" in html
    assert "Sénégal" in html
