"""The fixed-timestep clock: no time lost below the clamp, alpha in [0, 1), bounded ticks."""
from hypothesis import given, settings
from hypothesis import strategies as st

from game.app.loop import CLAMP_NS, MAX_TICKS_PER_FRAME, TICK_NS, FixedStepClock

frames = st.lists(st.integers(min_value=0, max_value=CLAMP_NS), min_size=1, max_size=200)


@given(frames)
def test_no_time_is_lost_while_frames_stay_under_the_bound(frame_list):
    clock = FixedStepClock()
    bound = TICK_NS * MAX_TICKS_PER_FRAME
    ticks = 0
    total = 0
    for f in frame_list:
        f = min(f, bound - clock.accumulator_ns)  # keep every frame's work within the tick bound
        f = max(f, 0)
        total += f
        ticks += clock.advance(f)
    assert ticks * TICK_NS + clock.accumulator_ns == total


@given(st.lists(st.integers(min_value=-10**9, max_value=10**10), min_size=1, max_size=200),
       st.integers(min_value=50, max_value=100))
def test_alpha_and_ticks_per_frame_stay_in_bounds(frame_list, speed):
    clock = FixedStepClock(speed_percent=speed)
    for f in frame_list:
        n = clock.advance(f)
        assert 0 <= n <= MAX_TICKS_PER_FRAME
        assert 0.0 <= clock.alpha < 1.0


def test_a_long_stall_is_clamped():
    clock = FixedStepClock()
    n = clock.advance(5 * 10**9)  # a five-second hitch
    assert n == CLAMP_NS // TICK_NS
    assert clock.accumulator_ns < TICK_NS


@settings(max_examples=50)
@given(st.integers(min_value=50, max_value=100))
def test_game_speed_stretches_wall_time_per_tick(speed):
    clock = FixedStepClock(speed_percent=speed)
    one_second = 10**9
    ticks = sum(clock.advance(one_second // 100) for _ in range(100))
    expected = one_second * speed // 100 // TICK_NS
    assert abs(ticks - expected) <= 1
