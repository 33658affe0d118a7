"""The built site: pages, windows, statuses, contacts, privacy and the atomic swap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli.main import main
from publisher.errors import PublishError

from .site_support import build, make_project, tree_bytes

TINY = Path(__file__).parent / "fixtures" / "tiny"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path, TINY)


def page(project: Path, url: str) -> str:
    return (project / "site" / url / "index.html").read_text("utf-8")


def test_notice_page_has_window_list_and_objection_channels(project: Path) -> None:
    build(project, today="2026-09-29")
    html = page(project, "notices/2026-city")
    assert "公示期为2026年9月28日至10月9日（5个工作日）" in html
    assert "重庆某某汽车有限公司总装车间" in html
    assert "王芳（女，土家族）" in html and "重庆某某电子有限公司测试工程师" in html
    for phone in ("023-63895398", "023-63897023", "023-88979859"):
        assert phone in html
    assert "实名反映" in html and "以到达日邮戳为准" in html and "加盖单位公章" in html
    assert "重庆市两江新区云杉南路12号" in html
    assert 'data-start="2026-09-28" data-end="2026-10-09"' in html


@pytest.mark.parametrize(("today", "word"), [("2026-09-25", "即将开始"), ("2026-09-28", "公示中"),
                                             ("2026-10-09", "公示中"), ("2026-10-10", "已结束")])
def test_status_follows_the_build_day(project: Path, today: str, word: str) -> None:
    build(project, today=today)
    assert f">{word}</span>" in page(project, "notices/2026-city")
    home = (project / "site" / "index.html").read_text("utf-8")
    assert f">{word}</span>" in home


def test_home_archive_and_objection_pages_exist(project: Path) -> None:
    build(project)
    home = (project / "site" / "index.html").read_text("utf-8")
    assert 'href="notices/2026-city/"' in home
    assert "关于制造强市先进集体和先进个人拟表彰对象的公示" in page(project, "notices")
    objections = page(project, "objections")
    assert "重庆市人力资源和社会保障局表彰奖励处" in objections and "023-88979859" in objections


def test_no_private_field_reaches_the_site(project: Path) -> None:
    build(project)
    everything = b"".join(tree_bytes(project / "site").values()).decode("utf-8", "replace")
    for secret in ("500101198803021234", "13900000000", "1988-03", "群众"):
        assert secret not in everything


def test_nothing_is_written_into_content(project: Path) -> None:
    before = tree_bytes(project / "content")
    build(project)
    assert tree_bytes(project / "content") == before


def test_failed_build_leaves_previous_site_untouched(project: Path) -> None:
    build(project)
    before = tree_bytes(project / "site")
    notice = project / "data" / "notices" / "2026-city.yaml"
    notice.write_text(notice.read_text("utf-8").replace("stage: city", "stage: town"), "utf-8")
    with pytest.raises(Exception, match="stage"):
        build(project)
    assert tree_bytes(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def test_privacy_guard_refuses_a_planted_id_number(project: Path) -> None:
    build(project)
    before = tree_bytes(project / "site")
    (project / "content" / "leak.md").write_text("# 说明\n\n联系人身份证 500101198803021234。\n", "utf-8")
    with pytest.raises(PublishError, match=r"leak/index.html: 含有 liangjiang-wang-fang 的 private.id_number"):
        build(project)
    assert tree_bytes(project / "site") == before


def test_privacy_guard_refuses_any_valid_looking_id_or_mobile(project: Path) -> None:
    (project / "content" / "leak.md").write_text("# 说明\n\n11010519491231002X 或 139 1234 5678\n", "utf-8")
    with pytest.raises(PublishError) as caught:
        build(project)
    assert "疑似身份证号" in str(caught.value) and "疑似手机号" in str(caught.value)
    assert not (project / "site").exists()


def test_build_command_exit_codes_and_messages(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    runner = CliRunner()
    ok = runner.invoke(main, ["build", "--today", "2026-09-29"])
    assert ok.exit_code == 0, ok.output
    assert "公示状态按 2026-09-29 计算" in ok.output
    (project / "data" / "nominees" / "liangjiang-wang-fang.yaml").write_text("kind: [\n", "utf-8")
    bad = runner.invoke(main, ["build"])
    assert bad.exit_code == 1
    assert "data/nominees/liangjiang-wang-fang.yaml:" in bad.output and "Traceback" not in bad.output
    assert runner.invoke(main, ["build", "--today", "2026/09/29"]).exit_code == 2


def test_a_page_clashing_with_a_generated_one_is_refused(project: Path) -> None:
    (project / "content" / "objections.md").write_text("# 手写的异议页面\n", "utf-8")
    with pytest.raises(PublishError, match="content/objections.md 与自动生成的页面同名"):
        build(project)


def test_site_dir_option_and_copy(project: Path, tmp_path: Path) -> None:
    result = build(project, site="public")
    assert result.site_dir == (project / "public").resolve()
    assert (project / "public" / "notices" / "2026-city" / "index.html").is_file()
    shutil.rmtree(project / "public")


def test_decision_waits_for_its_own_date(tmp_path: Path) -> None:
    project = make_project(tmp_path, Path(__file__).parent.parent / "data")
    build(project, today="2026-11-05")
    pending = page(project, "decision")
    assert "表彰决定尚未公布" in pending and not (project / "site" / "data" / "decision.json").exists()
    build(project, today="2026-11-06")
    assert "关于表彰制造强市先进集体和先进个人的决定" in page(project, "decision")


def test_withdrawing_a_commended_nominee_after_the_decision(tmp_path: Path) -> None:
    """不予递补: gone from the decision, stories, feeds and data; the 公示 stays as published."""
    project = make_project(tmp_path, Path(__file__).parent.parent / "data", stories=True)
    nominee = project / "data" / "nominees" / "liangjiang-zhang-jianguo.yaml"
    before = build(project, today="2026-11-20")
    assert "张建国" in page(project, "decision") and "张建国" in page(project, "stories")
    text = nominee.read_text("utf-8").replace("status: commended", "status: withdrawn\nwithdrawn_reason: 经核实存在问题")
    nominee.write_text(text, "utf-8")
    after = build(project, today="2026-11-20")
    site = project / "site"
    assert "张建国" not in page(project, "decision")
    assert "张建国" not in page(project, "stories")
    assert not (site / "stories" / "liangjiang-zhang-jianguo").exists()
    for name in ("data/decision.json", "data/decision.csv", "feeds/all.atom.xml", "feeds/stories.rss.xml"):
        assert "张建国" not in (site / name).read_text("utf-8-sig"), name
    assert "张建国" in page(project, "notices/2026-city")
    assert "张建国" in (site / "data" / "notices" / "2026-city.json").read_text("utf-8")
    assert "经核实存在问题" not in "".join(p.read_text("utf-8", "replace") for p in site.rglob("*.html"))
    assert any("liangjiang-zhang-jianguo.md 未发布：张建国（liangjiang-zhang-jianguo）已撤销" in n for n in after.notes)
    assert after.pages == before.pages - 1


def test_a_revocation_is_its_own_page_naming_the_decision(tmp_path: Path) -> None:
    project = make_project(tmp_path, Path(__file__).parent.parent / "data")
    decision = project / "data" / "decision.yaml"
    decision.write_text(decision.read_text("utf-8") + """
revocations:
  - id: 2026-revoke-1
    title: 关于撤销一名同志“制造强市先进个人”称号的决定
    document_number: 渝经信发〔2026〕199号
    issued_on: 2026-11-18
    nominees: [liangjiang-zhang-jianguo]
    text: 经查实，该同志在推荐材料中存在不实情况，决定撤销其称号，收回证书。
""", "utf-8")
    build(project, today="2026-11-20")
    html = page(project, "decision/2026-revoke-1")
    assert "关于撤销一名同志“制造强市先进个人”称号的决定" in html
    assert "关于表彰制造强市先进集体和先进个人的决定" in html and "渝经信发〔2026〕187号" in html
    assert "张建国" in html
    assert "decision/2026-revoke-1/" in (project / "site" / "feeds" / "all.atom.xml").read_text("utf-8")
