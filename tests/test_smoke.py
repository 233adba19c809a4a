def test_login_page_answers(client):
    r = client.get("/login")
    assert r.status_code == 200
    assert "로그인" in r.get_data(as_text=True)


def test_login_and_dashboard(app, client, make, auth):
    make.user(username="smoke")
    r = auth.login("smoke")
    assert r.status_code == 302
    r = client.get("/")
    assert r.status_code == 200
    assert "내 업무" in r.get_data(as_text=True)
