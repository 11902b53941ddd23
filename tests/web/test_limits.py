"""The sign-in throttle (per key, a sliding window, bounded memory), and record budgets spent at once."""

from __future__ import annotations

from web.limits import FailureWindow


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_blocked_after_the_limit_and_freed_when_the_window_slides():
    clock = Clock()
    window = FailureWindow(3, 60, clock)
    for _ in range(3):
        assert not window.blocked("a")
        window.failed("a")
        clock.now += 1
    assert window.blocked("a") and not window.blocked("b")
    clock.now += 58
    assert not window.blocked("a")  # the first failure left the window


def test_a_success_clears_the_key():
    window = FailureWindow(1, 60, Clock())
    window.failed("a")
    assert window.blocked("a")
    window.clear("a")
    assert not window.blocked("a")


def test_made_up_keys_cannot_grow_it_without_bound():
    window = FailureWindow(5, 60, Clock(), max_keys=10)
    for n in range(1000):
        window.failed(n)
    assert len(window._failures) <= 10


def test_two_spendings_at_once_cannot_both_pass_on_one_budget(tmp_path, monkeypatch):
    """GIVEN a budget of 10 records an hour and two requests at once that would each add 6
    (two threads of one server process; the limiter's test made slow, as under load) WHEN both
    spend THEN one passes and the other is refused 429: each tested the budget before the other
    counted, so both passed and 12 were added."""
    import threading
    import time

    import pytest
    from werkzeug.exceptions import TooManyRequests

    from web import create_app
    from web.limits import spend

    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "archive"), "RATE_LIMIT_TAGGED": "10 per hour"})
    counter = app.extensions["foia_limiter"].limiter
    tested = counter.test

    def slow_test(*args, **kwargs):  # type: ignore[no-untyped-def]
        answer = tested(*args, **kwargs)
        time.sleep(0.3)
        return answer

    monkeypatch.setattr(counter, "test", slow_test)
    outcomes: list[str] = []

    def tag() -> None:
        with app.test_request_context("/search/tag", method="POST"):
            try:
                spend("RATE_LIMIT_TAGGED", 6, "this search would tag 6 records")
                outcomes.append("passed")
            except TooManyRequests:
                outcomes.append("refused")

    threads = [threading.Thread(target=tag) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["passed", "refused"]
    with app.test_request_context("/search/tag", method="POST"), pytest.raises(TooManyRequests):
        spend("RATE_LIMIT_TAGGED", 5, "five more")  # 6 counted, not 12: 6 + 5 > 10
    with app.test_request_context("/search/tag", method="POST"):
        spend("RATE_LIMIT_TAGGED", 4, "four more")  # 6 + 4 = 10 fits


def test_a_spending_larger_than_the_whole_budget_is_refused_as_never_possible(tmp_path):
    """GIVEN a budget of 10 records an hour WHEN a request would add 11 THEN it is refused 400
    saying to narrow the search, with no time to come back (it said "Try again in 3600 seconds",
    and would have said so again an hour later); nothing is counted, so 10 still fit."""
    import pytest
    from werkzeug.exceptions import BadRequest

    from web import create_app
    from web.limits import spend

    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(tmp_path / "archive"), "RATE_LIMIT_TAGGED": "10 per hour"})
    with app.test_request_context("/search/tag", method="POST"), pytest.raises(BadRequest) as refused:
        spend("RATE_LIMIT_TAGGED", 11, "this search would tag 11 more records")
    assert "narrow the search" in str(refused.value.description) and "Try again" not in str(refused.value.description)
    assert "10 per 1 hour" in str(refused.value.description) and "FOIA_RATE_LIMIT_TAGGED" in str(refused.value.description)
    with app.test_request_context("/search/tag", method="POST"):
        spend("RATE_LIMIT_TAGGED", 10, "ten")
