"""Built-in accounts: argon2id hashes, lockout, session expiry (idle and absolute) on a clock
passed in, sign-out, disable, reset, scopes, and the messages people get in Thai and English."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from data import store, users
from data.audit import Actor
from data.users import Policy, Refused, Session

ADMIN = Actor("cli:test", (), "cli")
T0 = dt.datetime(2025, 1, 6, 9, 0)
PASSWORD = "correct horse battery staple"
POLICY = Policy(lockout_failures=3, lockout_minutes=15, idle_minutes=30, session_hours=8)


def minutes(n: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "users.duckdb")
    users.add_user(c, "Somsri", PASSWORD, roles=["provincial"], areas=["46"], by=ADMIN, now=T0)
    yield c
    c.close()


def sign_in(con, password=PASSWORD, at=T0, name="somsri") -> Session | Refused:
    return users.sign_in(con, name, password, "10.0.0.7", policy=POLICY, now=at)


def stored_hash(con, name="somsri") -> str:
    return con.execute("SELECT password_hash FROM users WHERE name = ?", [name]).fetchall()[0][0]


# --- hashing ----------------------------------------------------------------------------------


def test_the_password_is_stored_as_an_argon2id_hash_only(con, tmp_path):
    hashed = stored_hash(con)
    assert hashed.startswith("$argon2id$")
    params = extract_parameters(hashed)
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024  # memory-hard: OWASP's minimum for argon2id
    assert PasswordHasher().verify(hashed, PASSWORD)
    con.execute("CHECKPOINT")
    assert PASSWORD.encode() not in (tmp_path / "users.duckdb").read_bytes()


def test_a_session_token_is_stored_only_as_its_sha256(con, tmp_path):
    signed = sign_in(con)
    assert isinstance(signed, Session) and len(signed.token) >= 40
    stored = [r[0] for r in con.execute("SELECT token_hash FROM sessions").fetchall()]
    assert stored == [users.token_hash(signed.token)]
    assert re.fullmatch(r"[0-9a-f]{64}", stored[0])
    con.execute("CHECKPOINT")
    assert signed.token.encode() not in (tmp_path / "users.duckdb").read_bytes()
    assert signed.token not in repr(signed)


def test_a_weaker_hash_is_replaced_at_the_next_sign_in(con):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    con.execute("UPDATE users SET password_hash = ? WHERE name = 'somsri'", [weak])
    assert isinstance(sign_in(con), Session)
    assert extract_parameters(stored_hash(con)) == extract_parameters(users.HASHER.hash("x"))


class CountingHasher(PasswordHasher):
    """The real argon2id hasher, counting the checks it makes."""

    checks: list[str]

    def verify(self, hash, password):
        self.checks.append(hash)
        return super().verify(hash, password)


def test_no_such_user_costs_the_same_argon2_check_as_a_wrong_password(con, monkeypatch):
    hasher = CountingHasher()
    hasher.checks = []
    monkeypatch.setattr(users, "HASHER", hasher)
    unknown = sign_in(con, name="nobody-here")
    wrong = sign_in(con, password="not the password at all")
    assert unknown == wrong == Refused("wrong_password")
    assert len(hasher.checks) == 2
    dummy, real = hasher.checks
    assert dummy != real
    assert extract_parameters(dummy) == extract_parameters(real)  # the same work
    # a name that cannot be an account at all is checked against the dummy too
    assert sign_in(con, name="=not a name!") == Refused("wrong_password")
    assert len(hasher.checks) == 3


# --- lockout --------------------------------------------------------------------------------


def test_lockout_after_n_failures_for_m_minutes(con):
    assert sign_in(con, "wrong one", minutes(0)) == Refused("wrong_password")
    assert sign_in(con, "wrong two", minutes(1)) == Refused("wrong_password")
    third = sign_in(con, "wrong three", minutes(2))
    assert third == Refused("locked", {"until": "09:17", "minutes": 15})
    # while locked even the right password is refused, and the lock does not grow
    during = sign_in(con, PASSWORD, minutes(10))
    assert during == Refused("locked", {"until": "09:17", "minutes": 7})
    assert users.get_user(con, "somsri").locked_until == minutes(17)
    assert isinstance(sign_in(con, PASSWORD, minutes(17)), Session)
    user = users.get_user(con, "somsri")
    assert (user.failed_signins, user.locked_until) == (0, None)


def test_a_right_password_resets_the_count(con):
    sign_in(con, "wrong one", minutes(0))
    sign_in(con, "wrong two", minutes(1))
    assert isinstance(sign_in(con, PASSWORD, minutes(2)), Session)
    sign_in(con, "wrong three", minutes(3))
    sign_in(con, "wrong four", minutes(4))
    assert users.get_user(con, "somsri").locked_until is None


def test_the_lockout_message_in_thai_and_english(con):
    for i in range(3):
        refused = sign_in(con, f"wrong {i}", minutes(i))
    assert refused.text("en") == (
        "This account is locked for a while after too many wrong passwords: try again at 09:17 "
        "(in about 15 minutes)"
    )
    assert refused.text("th") == (
        "บัญชีนี้ถูกล็อกชั่วคราวเพราะใส่รหัสผ่านผิดหลายครั้ง ลองใหม่ได้เมื่อเวลา 09:17 น. (อีกประมาณ 15 นาที)"
    )


# --- sessions --------------------------------------------------------------------------------


def test_a_session_carries_the_accounts_roles_and_scopes(con):
    signed = sign_in(con)
    assert (signed.name, signed.roles, signed.areas, signed.agencies) == (
        "somsri",
        ("provincial",),
        ("46",),
        (),
    )
    assert (signed.started_at, signed.expires_at) == (T0, T0 + dt.timedelta(hours=8))
    assert signed.actor == Actor("somsri", ("provincial",), "10.0.0.7")
    assert signed.can("household_ids") and not signed.can("admin")
    assert users.get_user(con, "somsri").last_signed_in_at == T0


def test_idle_expiry_counts_from_the_last_activity(con):
    token = sign_in(con).token
    for at in (29, 58, 87):  # each check within 30 minutes of the previous one
        assert isinstance(users.session(con, token, policy=POLICY, now=minutes(at)), Session)
    idle = users.session(con, token, policy=POLICY, now=minutes(87 + 30))
    assert idle == Refused("session_idle", {"minutes": "30"})
    assert idle.text("en") == (
        "You were signed out after 30 minutes without activity: please sign in again"
    )
    assert idle.text("th") == ("ออกจากระบบอัตโนมัติแล้วเพราะไม่ได้ใช้งานเกิน 30 นาที กรุณาเข้าสู่ระบบอีกครั้ง")
    # ended for good: coming back at once does not reopen it
    assert users.session(con, token, policy=POLICY, now=minutes(88 + 30)) == idle


def test_absolute_expiry_whatever_the_activity(con):
    token = sign_in(con).token
    at = 0
    while at + 20 < 8 * 60:
        at += 20
        assert isinstance(users.session(con, token, policy=POLICY, now=minutes(at)), Session)
    expired = users.session(con, token, policy=POLICY, now=minutes(8 * 60))
    assert expired == Refused("session_expired", {"hours": "8"})
    assert expired.text("th") == "การเข้าสู่ระบบครั้งนี้ครบ 8 ชั่วโมงแล้ว กรุณาเข้าสู่ระบบอีกครั้ง"


def test_activity_is_written_at_most_once_a_minute(con):
    token = sign_in(con).token
    users.session(con, token, policy=POLICY, now=T0 + dt.timedelta(seconds=30))
    seen = "SELECT last_seen_at FROM sessions"
    assert con.execute(seen).fetchall()[0][0] == T0
    users.session(con, token, policy=POLICY, now=T0 + dt.timedelta(seconds=61))
    assert con.execute(seen).fetchall()[0][0] == T0 + dt.timedelta(seconds=61)


def test_sign_out_ends_the_session(con):
    token = sign_in(con).token
    assert users.sign_out(con, token, now=minutes(5))
    assert users.session(con, token, policy=POLICY, now=minutes(6)) == Refused("signed_out")
    assert not users.sign_out(con, token, now=minutes(7))
    assert users.session(con, "not-a-token", now=minutes(6)) == Refused("session_ended")
    assert users.session(con, "", now=minutes(6)) == Refused("session_ended")


def test_role_and_scope_changes_apply_to_an_open_session(con):
    token = sign_in(con).token
    users.set_roles(
        con, "somsri", roles=["provincial", "researcher"], areas=["4601", "47"], by=ADMIN
    )
    now = users.session(con, token, policy=POLICY, now=minutes(1))
    assert (now.roles, now.areas) == (("researcher", "provincial"), ("4601", "47"))


def test_expired_and_ended_sessions_are_purged(con):
    old, open_ = sign_in(con).token, sign_in(con, at=minutes(1)).token
    users.sign_out(con, old, now=minutes(2))
    assert users.purge_sessions(con, now=minutes(3)) == 1
    assert isinstance(users.session(con, open_, policy=POLICY, now=minutes(4)), Session)
    assert users.purge_sessions(con, now=minutes(9 * 60)) == 1
    assert con.execute("SELECT count(*) FROM sessions").fetchall()[0][0] == 0


# --- disable and reset ---------------------------------------------------------------------------


def test_disable_refuses_sign_in_and_ends_sessions(con):
    token = sign_in(con).token
    users.disable(con, "SOMSRI", by=ADMIN, now=minutes(1))
    assert users.session(con, token, policy=POLICY, now=minutes(2)) == Refused("disabled")
    assert sign_in(con, at=minutes(3)) == Refused("disabled")
    # a wrong password on a disabled account says no more than on any account
    assert sign_in(con, "guessing the password", minutes(4)) == Refused("wrong_password")
    assert Refused("disabled").text("th") == "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ"
    users.enable(con, "somsri", by=ADMIN)
    assert isinstance(sign_in(con, at=minutes(5)), Session)


def test_reset_sets_a_new_password_lifts_the_lock_and_ends_sessions(con):
    token = sign_in(con).token
    for i in range(3):
        sign_in(con, f"wrong {i}", minutes(i + 1))
    new = "a different long pass phrase"
    users.reset_password(con, "somsri", new, by=ADMIN, now=minutes(5))
    assert users.session(con, token, policy=POLICY, now=minutes(6)) == Refused("password_was_reset")
    assert sign_in(con, PASSWORD, minutes(6)) == Refused("wrong_password")
    assert isinstance(sign_in(con, new, minutes(7)), Session)


# --- what an account may be ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "password", "kw", "code"),
    [
        ("so msri", PASSWORD, {"roles": ["executive"]}, "bad_name"),
        ("", PASSWORD, {"roles": ["executive"]}, "bad_name"),
        ("nok", "too short", {"roles": ["executive"]}, "password_short"),
        ("a-very-long-name", "A-Very-Long-Name", {"roles": ["executive"]}, "password_is_name"),
        ("nok", PASSWORD, {"roles": []}, "no_roles"),
        ("nok", PASSWORD, {"roles": ["chief"]}, "bad_role"),
        ("nok", PASSWORD, {"roles": ["provincial"]}, "needs_areas"),
        ("nok", PASSWORD, {"roles": ["agency"], "areas": ["46"]}, "needs_agencies"),
        ("nok", PASSWORD, {"roles": ["provincial"], "areas": ["99"]}, "bad_area"),
        ("nok", PASSWORD, {"roles": ["provincial"], "areas": ["46x"]}, "bad_area"),
        ("nok", PASSWORD, {"roles": ["agency"], "areas": ["46"], "agencies": ["x"]}, "bad_agency"),
        ("nok", PASSWORD, {"roles": ["executive"], "email": "nok at home"}, "bad_email"),
        ("somsri", PASSWORD, {"roles": ["executive"]}, "user_exists"),
    ],
)
def test_refused_accounts(con, name, password, kw, code):
    with pytest.raises(users.AccountError) as caught:
        users.add_user(con, name, password, by=ADMIN, **kw)
    assert caught.value.code == code
    thai = caught.value.text("th")
    assert re.search("[\u0e00-\u0e7f]", thai), thai
    assert con.execute("SELECT count(*) FROM users").fetchall()[0][0] == 1


def test_changing_a_missing_account_is_refused(con):
    for change in (
        lambda: users.disable(con, "nobody", by=ADMIN),
        lambda: users.enable(con, "nobody", by=ADMIN),
        lambda: users.reset_password(con, "nobody", PASSWORD, by=ADMIN),
        lambda: users.set_roles(con, "nobody", roles=["admin"], by=ADMIN),
    ):
        with pytest.raises(users.AccountError, match="no user nobody"):
            change()


def test_set_roles_keeps_what_is_not_given_and_checks_the_result(con):
    changed = users.set_roles(con, "somsri", display_name="สมศรี ใจดี", by=ADMIN)
    assert changed == {"display_name": ("", "สมศรี ใจดี")}
    assert users.set_roles(con, "somsri", display_name="สมศรี ใจดี", by=ADMIN) == {}
    with pytest.raises(users.AccountError) as caught:
        users.set_roles(con, "somsri", areas=[], by=ADMIN)  # a provincial officer needs areas
    assert caught.value.code == "needs_areas"
    user = users.get_user(con, "somsri")
    assert (user.roles, user.areas, user.display_name) == (("provincial",), ("46",), "สมศรี ใจดี")


def test_the_account_list_has_no_hashes(con):
    frame = users.list_users(con)
    assert frame.loc[0, ["name", "roles", "areas"]].tolist() == ["somsri", "provincial", "46"]
    assert not any("hash" in c or "password" in c for c in frame.columns)
    assert "$argon2" not in frame.to_csv()


def test_every_message_for_people_has_thai_and_english():
    for code in (
        "wrong_password",
        "disabled",
        "signed_out",
        "session_ended",
        "password_was_reset",
    ):
        refused = Refused(code)
        assert refused.text("en") != refused.text("th")
        assert re.search("[\u0e00-\u0e7f]", refused.text("th"))
        assert not re.search("[A-Za-z]", refused.text("th")), refused.text("th")


def test_account_writes_do_not_raise_the_data_version(con):
    before = store.data_version(con)
    token = sign_in(con).token
    sign_in(con, "wrong password here")
    users.session(con, token, policy=POLICY, now=minutes(2))
    users.sign_out(con, token, now=minutes(3))
    users.set_roles(con, "somsri", display_name="x", by=ADMIN)
    assert store.data_version(con) == before


def test_a_password_longer_than_any_stored_one_never_signs_in(con):
    long = "x" * users.MAX_PASSWORD
    users.reset_password(con, "somsri", long, by=ADMIN)
    assert isinstance(sign_in(con, long), Session)
    assert sign_in(con, long + "y") == Refused("wrong_password")


@pytest.mark.parametrize(
    "bad", [{"lockout_failures": 0}, {"lockout_minutes": 0}, {"idle_minutes": -1}]
)
def test_a_policy_that_cannot_work_is_refused(bad):
    with pytest.raises(ValueError):
        Policy(**bad)


def test_the_door_reads_a_session_as_it_is(con):
    from query.access import Access

    access = Access.from_user(sign_in(con), min_cell=5)
    assert (access.user, access.roles, access.areas) == ("somsri", ("provincial",), ("46",))
    assert access.can("household_ids", "4601") and not access.can("household_ids", "50")


# --- single sign-on ---------------------------------------------------------------------------


def test_an_identity_provider_sign_in_gets_the_roles_of_the_account_with_that_email(con):
    users.add_user(
        con,
        "nok",
        PASSWORD,
        roles=["researcher"],
        email="Nok@Example.org",
        by=ADMIN,
        now=T0,
    )
    signed = users.sign_in_external(con, "nok@example.org", "10.0.0.9", policy=POLICY, now=T0)
    assert isinstance(signed, Session)
    assert (signed.name, signed.roles) == ("nok", ("researcher",))
    assert users.session(con, signed.token, policy=POLICY, now=minutes(1)).name == "nok"
    entry = con.execute(
        "SELECT who, action, details FROM audit ORDER BY seq DESC LIMIT 1"
    ).fetchall()[0]
    assert entry[:2] == ("nok", "signed_in") and "oidc" in entry[2]


def test_an_unknown_or_disabled_email_stays_the_public_and_is_audited(con):
    refused = users.sign_in_external(con, "stranger@example.org", policy=POLICY, now=T0)
    assert isinstance(refused, Refused) and refused.code == "no_account_for_email"
    assert "อีเมล" in refused.text("th") and "e-mail" in refused.text("en")
    users.add_user(
        con, "kai", PASSWORD, roles=["executive"], email="kai@example.org", by=ADMIN, now=T0
    )
    users.disable(con, "kai", by=ADMIN, now=T0)
    assert users.sign_in_external(con, "kai@example.org", policy=POLICY, now=T0).code == (
        "disabled"
    )
    failed = con.execute("SELECT count(*) FROM audit WHERE action = 'sign_in_failed'").fetchall()[
        0
    ][0]
    assert failed == 2
    assert con.execute("SELECT count(*) FROM sessions").fetchall()[0][0] == 0
