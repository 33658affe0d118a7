"""``publisher check``: text grouped by rule, the JSON contract, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli.main import main
from publisher.rules import RULES

from .rules_support import collective, individual, many, write_data


def run(folder: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--data", str(folder), *args])


@pytest.fixture
def chdir_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the tmp folder so that display paths read data/nominees/<id>.yaml."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_json_shape_is_exact(chdir_tmp: Path) -> None:
    late = individual(id="late-one", name="张三", unit="甲公司", submitted_on="2026-07-04", rank="division",
                      recommender="dept-kjj")
    junior = individual(id="junior", name="李四", unit="乙公司", recommender="dept-kjj")
    write_data(chdir_tmp / "data", [late, junior])
    result = run(Path("data"), "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.output) == {
        "findings": [
            {"rule": "control.leaders-recommended", "severity": "warning",
             "message": "重庆市科学技术局 推荐的 张三（甲公司） 是处级干部：通知要求严格控制，请准备推荐理由",
             "files": ["data/nominees/late-one.yaml"]},
            {"rule": "deadline.submission", "severity": "error",
             "message": "张三（甲公司） 报送日期 2026-07-04，晚于截止日期 2026-07-03",
             "files": ["data/nominees/late-one.yaml"]},
            {"rule": "share.division-level", "severity": "warning",
             "message": "处级干部 1 名，占拟表彰个人 2 名的 50.0%，超过 20%（原则上）",
             "files": ["data/nominees/late-one.yaml"]},
        ],
        "summary": {"errors": 1, "warnings": 2, "nominees": 2, "candidates": 2, "commended_collectives": 0,
                    "commended_individuals": 2, "rules": list(RULES)},
    }


def test_json_keeps_chinese_readable(chdir_tmp: Path) -> None:
    write_data(chdir_tmp / "data", [individual(industry_years=1)])
    result = run(Path("data"), "--format", "json")
    assert "从业与制造业相关工作" in result.output and "\\u" not in result.output


def test_clean_data_exits_0(tmp_path: Path) -> None:
    result = run(write_data(tmp_path / "data", [collective(), individual()]))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("检查完成：错误 0 条，警告 0 条")


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    result = run(write_data(tmp_path / "data", [collective(unit_type="district-econ-dept")]))
    assert result.exit_code == 0, result.output
    assert "control.district-econ-dept" in result.output and "检查完成：错误 0 条，警告 1 条" in result.output


def test_one_collective_over_the_cap_fails(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", many(collective, 101))
    result = run(folder, "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.output)["findings"]
    assert [f["rule"] for f in found if f["severity"] == "error"] == ["cap.collectives"]
    assert len(found[0]["files"]) == 101


def test_exactly_at_the_cap_passes(tmp_path: Path) -> None:
    result = run(write_data(tmp_path / "data", many(collective, 100)), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["summary"]["commended_collectives"] == 100


def test_text_groups_by_rule_with_header_files_and_summary(chdir_tmp: Path) -> None:
    write_data(chdir_tmp / "data", [individual(id="young", industry_years=1), individual(id="old", rank="bureau")])
    result = run(Path("data"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    header = next(line for line in lines if line.startswith("eligibility.rank"))
    assert "通知 五(二)" in header and "错误 1 条" in header
    assert "      data/nominees/old.yaml" in lines
    assert result.output.index("eligibility.rank") < result.output.index("eligibility.industry-years")
    assert lines[-1] == "检查完成：错误 2 条，警告 0 条"


def test_text_shortens_long_file_lists(tmp_path: Path) -> None:
    result = run(write_data(tmp_path / "data", many(collective, 101)))
    assert "……另有 91 个文件" in result.output


def test_bad_data_is_reported_without_traceback(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", [])
    (folder / "nominees" / "bad.yaml").write_text("kind: collective\n", encoding="utf-8")
    result = run(folder)
    assert result.exit_code == 1 and "Traceback" not in result.output and "缺少" in result.output


def test_missing_folder_is_a_message(tmp_path: Path) -> None:
    result = run(tmp_path / "nowhere")
    assert result.exit_code == 1 and "找不到数据文件夹" in result.output


def test_the_installed_command_flushes_its_output_and_keeps_each_exit_code(tmp_path: Path) -> None:
    """The console script, run as staff run it: all of its output arrives, with the exit code of each outcome."""
    import subprocess

    from .test_corpus import TINY, publisher_command

    def publisher(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*publisher_command(), *args], cwd=tmp_path, capture_output=True, text=True,
                              encoding="utf-8", timeout=60)

    fine = publisher("validate", "--data", str(TINY))
    assert fine.returncode == 0, fine.stderr
    assert fine.stdout.startswith("数据有效：") and fine.stdout.endswith("\n")
    as_json = publisher("check", "--data", str(TINY), "--format", "json")
    errors = [f for f in json.loads(as_json.stdout)["findings"] if f["severity"] == "error"]  # the whole of it arrived
    assert as_json.returncode == (1 if errors else 0)
    missing = publisher("check", "--data", str(tmp_path / "nowhere"))
    assert (missing.returncode, missing.stdout) == (1, "")
    assert "找不到数据文件夹" in missing.stderr
    typo = publisher("dates", "2026-13-01")
    assert typo.returncode == 2 and "不是有效日期" in typo.stderr


@pytest.mark.parametrize("command", ["validate", "check"])
def test_checking_the_data_does_not_import_the_page_machinery(command: str) -> None:
    """Jinja and MkDocs cost 40 ms and more to import: only commands that render load them."""
    import subprocess
    import sys

    from .test_corpus import TINY

    code = ("import sys; from publisher.cli.main import main\n"
            f"try: main([{command!r}, '--data', {str(TINY)!r}])\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in ('jinja2', 'mkdocs', 'jieba', 'feedgen') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
