"""The compliance report: one self-contained HTML file with charts, every share and every finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import publisher
from publisher.cli.main import main
from publisher.errors import PublishError
from publisher.rules import run_rules
from publisher.rules.report import DEFAULT_TEMPLATES, render_report

from .rules_support import collective, dataset, individual, many, write_data


def report_of(nominees: list, **kwargs: object) -> str:
    data = dataset(nominees)
    return render_report(data, run_rules(data), **kwargs)


def test_cli_writes_a_self_contained_report(tmp_path: Path) -> None:
    # Markup is refused at loading; what remains (& and quotes) must still be escaped, once.
    odd = individual(name='张"三', unit="甲&乙公司", industry_years=1, recommender="commission")
    folder = write_data(tmp_path / "data", [odd, *many(individual, 9, recommender="wanzhou")])
    target = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(main, ["check", "--data", str(folder), "--report", str(target)])
    assert result.exit_code == 1, result.output  # 9 individuals > 8 for a district
    html = target.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<script" not in html and "<link" not in html
    assert "<svg" in html and "<style>" in html
    assert "甲&amp;amp;乙" not in html  # escaped once, not twice
    assert "张&#34;三（甲&amp;乙公司）" in html
    assert "quota.recommender" in html and "万州区" in html
    assert "合规检查报告已写入" in result.output


def test_report_shows_each_share_with_its_limit() -> None:
    html = report_of([*many(individual, 32, rank="division"), *many(individual, 118)])
    for words in ("处级干部", "市级机关内设机构及工作人员", "市经济信息委内设机构及工作人员", "企业负责人"):
        assert words in html
    assert "21.3%" in html and "20%" in html and "超过（原则上）" in html


def test_report_has_both_charts_with_text_alternatives() -> None:
    html = report_of([collective(recommender="commission")])
    assert html.count("<svg") == 2 and html.count('role="img"') == 2 and "<title id=" in html


def test_templates_dir_overrides_the_default(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("自定义 {{ summary.nominees }} {{ '<i>' }}", encoding="utf-8")
    assert report_of([collective()], templates_dir=tmp_path) == "自定义 1 &lt;i&gt;"


def test_broken_override_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("{% for %}", encoding="utf-8")
    with pytest.raises(PublishError, match="语法错误"):
        report_of([collective()], templates_dir=tmp_path)


def test_default_template_sits_beside_the_package() -> None:
    assert (DEFAULT_TEMPLATES / "report.html").is_file()
    assert DEFAULT_TEMPLATES.parent == Path(publisher.__file__).resolve().parent  # shipped inside the package


def test_unwritable_report_path_is_a_message(tmp_path: Path) -> None:
    folder = write_data(tmp_path / "data", [collective()])
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--data", str(folder), "--report", str(blocker / "r.html")])
    assert result.exit_code == 1 and "无法写入报告" in result.output and "Traceback" not in result.output


def test_report_is_never_written_into_the_public_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = write_data(tmp_path / "data", [collective()])
    result = CliRunner().invoke(main, ["check", "--data", str(folder), "--report", "site/report.html"])
    assert result.exit_code == 1 and "内部材料" in result.output
    assert not (tmp_path / "site").exists()
