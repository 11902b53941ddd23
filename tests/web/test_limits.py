"""The sign-in throttle: per key, a sliding window, bounded memory."""

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
