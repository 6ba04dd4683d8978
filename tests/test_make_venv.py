"""tools/make_venv.py, the quick start's first step: Requires-Python parsing and a venv
made without ensurepip in the venv (the network part is proven by CI and by hand)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import make_venv  # noqa: E402


def test_requires_python_is_read_conservatively():
    major, minor = sys.version_info[:2]
    assert make_venv.supports_this_python(None)
    assert make_venv.supports_this_python(f">={major}.{minor}")
    assert make_venv.supports_this_python(f">=3.7, !={major}.{minor + 1}")
    assert not make_venv.supports_this_python(f">={major}.{minor + 1}")
    assert not make_venv.supports_this_python(f"<{major}.{minor}")
    assert not make_venv.supports_this_python("!=3.*")  # not understood: not met


def test_a_second_run_on_a_venv_with_pip_changes_nothing(tmp_path, capsys, monkeypatch):
    # A venv whose pip runs is left as it is, so the quick start can be run again.
    monkeypatch.setattr(make_venv, "has_pip", lambda python: True)
    assert make_venv.main([str(tmp_path / "v")]) == 0
    assert "is ready" in capsys.readouterr().err
    assert not (tmp_path / "v").exists()  # nothing made, nothing downloaded
    assert make_venv.main([]) == 2
