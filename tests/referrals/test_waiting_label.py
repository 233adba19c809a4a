"""An unanswered request says who waits on whom (issue 9, item 8), on both sides and on the dashboard."""
from caseweb.extensions import db
from caseweb.referrals import services


def test_both_sides_read_who_waits(login, make, world):
    make.consent(world.household, [world.b])
    services.send_referral(world.case, world.lead_worker, world.b, "상담 의뢰", ["overview"])
    db.session.commit()
    outbox = login(world.lead_worker).get("/referrals/?box=outbox").get_data(as_text=True)
    assert "중앙종합사회복지관 답변 대기 중" in outbox
    receiver = login(world.b_worker)
    assert "행복동 행정복지센터에서 답변을 기다립니다" in receiver.get("/referrals/?box=inbox").get_data(as_text=True)
    assert "중앙종합사회복지관 답변 대기 중" in receiver.get("/").get_data(as_text=True)  # the tile
