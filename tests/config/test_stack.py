"""config.stack (`make run`): beat starts on a new schedule file. A stack stopped while beat wrote the file left it
truncated, and beat then died at every start (EOFError: Ran out of input), taking the whole stack with it."""

from config import stack


def test_a_truncated_beat_schedule_is_removed_before_beat_starts(tmp_path, monkeypatch):
    monkeypatch.setattr(stack, "VAR", tmp_path)
    monkeypatch.setattr(stack, "BEAT_SCHEDULE", tmp_path / "celerybeat-schedule")
    (tmp_path / "celerybeat-schedule").write_bytes(b"")  # what the interrupted write left
    (tmp_path / "celerybeat-schedule.db").write_bytes(b"\x00")
    (tmp_path / "uploads").mkdir()

    stack.beat_schedule_reset()

    assert sorted(p.name for p in tmp_path.iterdir()) == ["uploads"]
