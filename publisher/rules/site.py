"""What a government site must show at the foot of every page (《政府网站发展指引》, 国办发〔2017〕47号).

Not a rule of the notice, but a site that breaks it is faulted by the inspectors
(国办秘函〔2019〕19号). A warning, not an error: an office may not have its 网站标识码
or 备案号 until just before the site goes live, and the build must work meanwhile.
The 联系我们 and 网站地图 pages always exist, so only the settings are checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from publisher.errors import display_path
from publisher.rules.base import Hit, rule
from publisher.rules.context import Context
from publisher.site.identity import missing_settings

FIELD_WORDS = {"sponsor": "主办单位", "site_id_code": "网站标识码", "icp": "ICP备案号"}
"""The settings' names in the words of the 指引 (staff-facing, like every message of the rules)."""
PROGRAM_FILE = "program.yaml"


@rule("site.identity-missing", section="《政府网站发展指引》", severity="warning", title="页脚须显示的网站标识")
def identity_missing(ctx: Context) -> Iterator[Hit]:
    """One warning per required setting of program.yaml's ``website:`` block left empty."""
    shown = display_path(ctx.dataset.root / PROGRAM_FILE)
    for name in missing_settings(ctx.program):
        yield Hit(f"{shown} 的 website.{name}（{FIELD_WORDS[name]}）没有填写：政府网站须在每页页脚显示{FIELD_WORDS[name]}，"
                  "上线前请填写", (shown,))

