"""Every bad input of the foundation issue gives a clear ``path:line: field: message``.

Each case writes one nominee file into a copy of a tiny valid data folder and
asserts the exact place and the words an office worker would read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli.main import main
from publisher.data.dataset import load_dataset
from publisher.data.models import NOMINEE
from publisher.errors import DataError

TINY = Path(__file__).parent / "fixtures" / "tiny"

GOOD_INDIVIDUAL = """\
kind: individual
name: 张建国
recommender: liangjiang
unit: 重庆某某汽车有限公司
office: 总装车间
unit_type: enterprise
position: 总装车间主任
gender: 男
ethnicity: 汉族
political_status: 中共党员
born: 1980-05
industry_years: 18
rank: none
summary: 带领班组完成新车型导入。
deeds: 带领班组完成新车型导入，良品率提升到百分之九十九。
submitted_on: 2026-06-30
status: shortlisted
private:
  id_number: "500101198005011234"
  phone: "13800000000"
"""


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    monkeypatch.chdir(tmp_path)
    return target


def problems_for(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(p) for p in caught.value.problems]


def write(data: Path, name: str, text: str | bytes) -> Path:
    path = data / "nominees" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_tiny_data_is_valid(data: Path) -> None:
    dataset = load_dataset(data)
    assert set(dataset.nominees) == {"liangjiang-c-zongzhuang", "liangjiang-wang-fang"}


CASES = [
    # (case id, file name, content, expected problem line)
    ("unknown key", "x.yaml", GOOD_INDIVIDUAL.replace("summary:", "sumary:"),
     "data/nominees/x.yaml:14: sumary: 不认识的字段（是否应为 summary？）"),
    ("missing key", "x.yaml", GOOD_INDIVIDUAL.replace("position: 总装车间主任\n", ""),
     "data/nominees/x.yaml:1: position: 缺少这一项"),
    ("wrong type", "x.yaml", GOOD_INDIVIDUAL.replace("industry_years: 18", "industry_years: 十八年"),
     "data/nominees/x.yaml:12: industry_years: 应为数字"),
    ("bad date", "x.yaml", GOOD_INDIVIDUAL.replace("submitted_on: 2026-06-30", "submitted_on: 2026-06-31"),
     "data/nominees/x.yaml:16: submitted_on: 日期应写成 YYYY-MM-DD"),
    ("bad month", "x.yaml", GOOD_INDIVIDUAL.replace("born: 1980-05", "born: 1980.5"),
     "data/nominees/x.yaml:11: born: 出生年月“1980.5”应写成 YYYY-MM"),
    ("bad enum", "x.yaml", GOOD_INDIVIDUAL.replace("rank: none", "rank: 处级"),
     "data/nominees/x.yaml:13: rank: 取值应为以下之一"),
    ("bad kind", "x.yaml", GOOD_INDIVIDUAL.replace("kind: individual", "kind: person"),
     "data/nominees/x.yaml:1: kind: kind 应为 collective（集体）或 individual（个人）"),
    ("collective with individual field", "x.yaml",
     GOOD_INDIVIDUAL.replace("kind: individual", "kind: collective"),
     "data/nominees/x.yaml:7: position: 不认识的字段"),
    ("bad file name", "Zhang Wei.yaml", GOOD_INDIVIDUAL,
     "data/nominees/Zhang Wei.yaml: 文件名: “Zhang Wei”不能作为编号"),
    ("unknown recommender", "x.yaml", GOOD_INDIVIDUAL.replace("recommender: liangjiang", "recommender: liangjaing"),
     "data/nominees/x.yaml:3: recommender: 推荐单位“liangjaing”不在 recommenders.yaml 里"),
    ("duplicate nominee", "x.yaml", GOOD_INDIVIDUAL.replace("张建国", "王芳").replace("重庆某某汽车有限公司", "重庆某某电子有限公司"),
     "data/nominees/x.yaml:2: name: 与 data/nominees/liangjiang-wang-fang.yaml 重复"),
    ("broken yaml", "x.yaml", GOOD_INDIVIDUAL.replace("gender: 男", "gender: [男"),
     "data/nominees/x.yaml:9: YAML 格式错误（第 8 行开始的内容没有正确结束）"),
    ("root not a mapping", "x.yaml", "- 张建国\n- 李四\n",
     "data/nominees/x.yaml:1: 文件内容应是“字段: 值”的形式"),
    ("empty file", "x.yaml", "\n  \n", "data/nominees/x.yaml:1: 文件是空的"),
    ("alias", "x.yaml", GOOD_INDIVIDUAL.replace("summary: 带领", "summary: &s 带领").replace(
        "deeds: 带领班组完成新车型导入，良品率提升到百分之九十九。", "deeds: *s"),
     "data/nominees/x.yaml:14: 不支持 YAML 锚点/别名"),
    ("id written inside", "x.yaml", "id: y\n" + GOOD_INDIVIDUAL, "data/nominees/x.yaml:1: id: 不要在文件里写 id"),
    ("withdrawn without reason", "x.yaml", GOOD_INDIVIDUAL.replace("status: shortlisted", "status: withdrawn"),
     "data/nominees/x.yaml:1: 状态为 withdrawn（撤销）时必须填写 withdrawn_reason"),
    ("markup in a name", "x.yaml", GOOD_INDIVIDUAL.replace("name: 张建国", "name: <script>alert(1)</script>"),
     "data/nominees/x.yaml:2: name: 不能包含“<”"),
    ("control character in a unit", "x.yaml", GOOD_INDIVIDUAL.replace("unit: 重庆某某汽车有限公司", 'unit: "重庆\\u0007公司"'),
     "data/nominees/x.yaml:4: unit: 不能包含换行等控制字符"),
    ("not yaml", "notes.txt", "随手记的笔记", "data/nominees/notes.txt: 这里只能放 .yaml 数据文件"),
]


@pytest.mark.parametrize(("name", "content", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_names_file_line_and_field(data: Path, name: str, content: str, expected: str) -> None:
    write(data, name, content)
    problems = problems_for(data)
    assert any(p.startswith(expected) for p in problems), problems


def test_gbk_file_says_how_to_resave(data: Path) -> None:
    write(data, "x.yaml", GOOD_INDIVIDUAL.encode("gbk"))
    [problem] = problems_for(data)
    assert problem.startswith("data/nominees/x.yaml:2: 文件是 GBK/GB18030 编码")
    assert "另存为" in problem and "UTF-8" in problem


def test_utf8_with_bom_is_accepted(data: Path) -> None:
    write(data, "liangjiang-zhang-jianguo.yaml", b"\xef\xbb\xbf" + GOOD_INDIVIDUAL.encode())
    assert "liangjiang-zhang-jianguo" in load_dataset(data).nominees


def test_alias_bomb_is_refused_quickly(data: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    write(data, "x.yaml", bomb)
    [problem] = problems_for(data)
    assert problem.startswith("data/nominees/x.yaml:1: 不支持 YAML 锚点/别名")


def test_deep_nesting_is_refused_without_crashing(data: Path) -> None:
    write(data, "x.yaml", "kind: " + "[" * 100_000 + "]" * 100_000 + "\n")
    [problem] = problems_for(data)
    assert "嵌套层次超过" in problem


def test_oversized_file_is_refused(data: Path) -> None:
    write(data, "x.yaml", GOOD_INDIVIDUAL + "# " + "很长的注释" * 300_000 + "\n")
    [problem] = problems_for(data)
    assert problem.startswith("data/nominees/x.yaml: 文件太大")


def test_every_problem_is_reported_in_one_run(data: Path) -> None:
    write(data, "a.yaml", GOOD_INDIVIDUAL.replace("rank: none", "rank: boss").replace("gender: 男", "gender: x"))
    write(data, "b.yaml", "- not a mapping\n")
    problems = problems_for(data)
    assert sum(p.startswith("data/nominees/a.yaml") for p in problems) == 2
    assert any(p.startswith("data/nominees/b.yaml") for p in problems)


def test_validate_command_summary_and_exit_codes(data: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", "--data", str(data)])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("数据有效：2 个推荐对象，集体 1 个（拟表彰 1）；个人 1 个（已表彰 1）")
    write(data, "x.yaml", GOOD_INDIVIDUAL.replace("rank: none", "rank: boss"))
    bad = runner.invoke(main, ["validate", "--data", str(data)])
    assert bad.exit_code == 1
    assert "data/nominees/x.yaml:13: rank: 取值应为以下之一" in bad.output
    assert "Traceback" not in bad.output
    usage = runner.invoke(main, ["validate", "--no-such-option"])
    assert usage.exit_code == 2


def test_demo_data_validates() -> None:
    result = CliRunner().invoke(main, ["validate", "--data", str(Path(__file__).parent.parent / "data")])
    assert result.exit_code == 0, result.output


def test_contract_round_trips(data: Path) -> None:
    for nominee in load_dataset(data).nominees.values():
        dumped = nominee.model_dump(mode="json")
        assert NOMINEE.validate_python(dumped) == nominee


def test_listed_paths_are_the_folder_joined_with_each_name(tmp_path: Path) -> None:
    """Data files in name order, hidden files ignored, anything else named as a problem."""
    from publisher.data.loading import data_files

    folder = tmp_path / "nominees"
    folder.mkdir()
    names = ["a.yaml", "b.YML", "渝北-王芳.yaml", "x.y.yaml", "notes.txt", ".gitkeep"]
    for name in names:
        (folder / name).write_text("kind: x\n", encoding="utf-8")
    (folder / "sub.yaml").mkdir()
    files, problems = data_files(folder)
    assert files == [folder / n for n in sorted(names) if n.lower().endswith((".yaml", ".yml")) and n[0] != "."]
    assert [str(f) for f in files] == [str(folder / f.name) for f in files]
    assert [f.stem for f in files] == ["a", "b", "x.y", "渝北-王芳"]
    assert len(problems) == 2 and all("只能放 .yaml" in p.message for p in problems)

