"""The workflows pass zizmor and do exactly what the README tells people to do, from the same pins."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def readme_commands() -> list[str]:
    """The commands of the README's first code block (comments dropped)."""
    block = re.search(r"```(?:sh|bash|console)\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    assert block, "README.md has no code block with the set-up commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def run_steps(workflow: Path) -> list[str]:
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
    return [step["run"].strip() for job in jobs.values() for step in job.get("steps", []) if "run" in step]


def test_zizmor_finds_nothing_even_when_pedantic():
    result = subprocess.run([Path(sys.executable).parent / "zizmor", "--offline", "--persona", "pedantic",
                             "--no-progress", ROOT / ".github"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_readme_opens_with_exactly_a_serve_and_a_test_command():
    assert readme_commands() == ["scripts/run serve", "scripts/run test"]


def test_ci_runs_the_readme_test_command():
    ci_commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
                   if line.strip() and not line.lstrip().startswith("#")]
    assert "exec scripts/run test" in ci_commands
    for name in ("ci.yml", "deploy.yml"):
        assert "scripts/run test" in run_steps(ROOT / ".github" / "workflows" / name), name


def test_workflows_install_only_through_scripts_run():
    for workflow in WORKFLOWS:
        for command in run_steps(workflow):
            assert command.startswith("scripts/run "), f"{workflow.name}: `{command}` bypasses scripts/run"
    assert "requirements.txt" in (ROOT / "scripts" / "run").read_text()


def test_every_action_is_pinned_to_a_full_commit():
    for workflow in WORKFLOWS:
        for uses in re.findall(r"uses:\s*(\S+)", workflow.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses), f"{workflow.name}: {uses}"


def test_requirements_are_pinned_exactly():
    lines = [line for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", line) for line in lines), lines
    assert "mkdocs==1.6.1" in lines


def test_ruff_finds_nothing():
    result = subprocess.run([Path(sys.executable).parent / "ruff", "check", "--output-format", "concise", ROOT],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
