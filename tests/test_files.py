"""Files the game reads are regular files read with a cap: a FIFO, /dev/zero or a folder is
refused at once with one line, never a hang or unbounded memory."""
import os

import pytest

from game.files import FileProblem, read_capped, read_text_capped


def test_a_regular_file_is_read(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("hello")
    assert read_capped(f, 10) == b"hello"
    assert read_text_capped(f, 10) == "hello"


def test_a_file_over_the_cap_is_refused(tmp_path):
    f = tmp_path / "big.bin"
    f.write_bytes(b"x" * 11)
    with pytest.raises(FileProblem, match="more than the 10"):
        read_capped(f, 10, "replay")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_hanging(tmp_path):
    f = tmp_path / "settings.json"
    os.mkfifo(f)
    with pytest.raises(FileProblem, match="not a regular file"):
        read_capped(f, 1000, "save")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_symlink_to_dev_zero_is_refused(tmp_path):
    f = tmp_path / "tiles.png"
    f.symlink_to("/dev/zero")
    with pytest.raises(FileProblem, match="not a regular file"):
        read_capped(f, 1000, "image")


def test_a_folder_and_a_missing_file_are_one_line(tmp_path):
    with pytest.raises(FileProblem, match="not a regular file"):
        read_capped(tmp_path, 1000)
    with pytest.raises(FileProblem, match="cannot open"):
        read_capped(tmp_path / "nope", 1000)
    with pytest.raises(FileProblem) as e:
        (tmp_path / "bad.txt").write_bytes(b"\xff\xfe")
        read_text_capped(tmp_path / "bad.txt", 100, "inputs file")
    assert "\n" not in str(e.value)
