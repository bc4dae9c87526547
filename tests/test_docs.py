"""Every command and every setting is documented in the README and the shipped config."""

from __future__ import annotations

import pathlib
from importlib import resources

from storyline.cli import cli
from storyline.settings import SETTINGS

README = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    for name in cli.commands:
        assert f"storyline {name}" in README, name


def test_every_setting_is_documented() -> None:
    cfg = resources.files("storyline").joinpath("default.cfg").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"`{s.name}`" in README, s.name
        assert f"\n{s.name} = " in cfg, s.name


def test_quick_start_is_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]
