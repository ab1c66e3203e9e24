def test_health_check_answers(client, db):
    assert client.get("/healthz").status_code == 200
