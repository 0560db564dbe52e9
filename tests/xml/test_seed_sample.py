from webex import sample


def test_seed_sample_verbatim(api):
    answer = api.post(sample("seed-createmeeting-request.xml")).ok()
    key = answer.text("serv:body/serv:bodyContent/meet:meetingkey")
    assert key and key.isdigit() and 9 <= len(key) <= 11
