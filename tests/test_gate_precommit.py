"""The pre-commit hook, proven: a temporary repository with a report fails on a defect and passes when clean.

The hook repository is a temporary *git copy* of this checkout (working tree included),
so the test exercises exactly what ``.pre-commit-hooks.yaml`` and the packaging ship.
pre-commit installs the package into its own environment, which needs the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

pytest.importorskip("pre_commit", reason="pre-commit is not installed (add it to the test extras)")

GIT = shutil.which("git")
IGNORE = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__", ".pytest_cache", "build", "dist")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.slow
@pytest.mark.network  # pre-commit installs the hook's environment from the package index
@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_pre_commit_hook_fails_on_defect_and_passes_when_clean(tmp_path):
    hook_repo = tmp_path / "hook"
    shutil.copytree(ROOT, hook_repo, ignore=IGNORE)
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", "-A")
    git(hook_repo, "commit", "-q", "-m", "snapshot")
    rev = git(hook_repo, "rev-parse", "HEAD")

    project = tmp_path / "reports"
    project.mkdir()
    git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: nianbao-lint\n",
        encoding="utf-8")
    clean = (EXAMPLES / "crossyear" / "2023.txt").read_text(encoding="utf-8")
    report = project / "2023年报.txt"
    report.write_text(clean.replace("(一) 予以公开\t2\t1\t0\t0\t0\t0\t3", "(一) 予以公开\t2\t1\t0\t0\t0\t0\t9"),
                      encoding="utf-8")
    git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)

    def pre_commit() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                              cwd=project, env=env, capture_output=True, text=True, timeout=600)

    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "T301" in failed.stdout, failed.stdout

    report.write_text(clean, encoding="utf-8")
    git(project, "add", "-A")
    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
