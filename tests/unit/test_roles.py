import threading

from bot.actions.roles import GroupMembers, Role, role_of


def test_admins_crew_and_everyone_else() -> None:
    kw = {"crew_users": frozenset({"U1"}), "crew_group_members": frozenset({"U2"}), "admins": frozenset({"U9"})}
    assert role_of("U9", open_crew=False, **kw) is Role.ADMIN
    assert role_of("U1", open_crew=False, **kw) is Role.CREW
    assert role_of("U2", open_crew=False, **kw) is Role.CREW
    assert role_of("U5", open_crew=False, **kw) is Role.VIEWER
    assert role_of("U5", open_crew=True, **kw) is Role.CREW


def test_the_crew_group_is_fetched_once_then_refreshed_without_blocking() -> None:
    answers = iter([frozenset({"U1"}), frozenset({"U1", "U2"})])
    fetched = threading.Event()

    def fetch() -> frozenset[str]:
        value = next(answers)
        if "U2" in value:
            fetched.set()
        return value

    members = GroupMembers(fetch, ttl=0.0)
    assert members.get() == {"U1"}  # the first lookup waits for Slack
    assert members.get() == {"U1"}  # stale: answered at once, refreshed behind
    assert fetched.wait(5)
    for _ in range(100):
        if members.get() == {"U1", "U2"}:
            break
        threading.Event().wait(0.01)
    assert members.get() == {"U1", "U2"}
