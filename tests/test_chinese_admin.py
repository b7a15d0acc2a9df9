"""Chinese everywhere: the admin a trainer or editor sees is in Simplified Chinese and loads or
links nothing from outside the site.

Wagtail and wagtailmedia ship zh_Hans catalogues with gaps; the project's own catalogue
(locale/zh_Hans, first in LOCALE_PATHS) fills them. After an upgrade,
``test_every_msgid_wagtail_leaves_untranslated_is_translated_by_the_project`` lists what to add.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.utils import translation

from wagtail.models import Task, Workflow

from resources.models import ResourceKind
from tests.factories import GeneratedResourcePageFactory, UserFactory, region

PROJECT_PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
SITE_PACKAGES = Path(translation.__file__).resolve().parents[3]

# The list: English Wagtail shows -> what the admin says instead.
LISTED = {
    "Go to the first error": "转到第一个错误",
    "Autosave is paused": "自动保存已暂停",
    "Autosave is <span>paused</span>": "自动保存已<span>暂停</span>",
    "Content metrics": "内容指标",
    "Page type": "页面类型",
    "Edited by": "编辑者",
    "Toggle checks": "切换检查",
    "Checks": "检查",
    "Show issue": "显示问题",
    "Search all pages…": "搜索全部页面…",
    "Your pages and snippets in a workflow": "您在工作流中的页面和片段",
    "Show keyboard shortcuts": "显示键盘快捷键",
    "Save changes": "保存更改",
    "Text formatting": "文本格式",
    "Shortcuts": "快捷键",
}
LISTED_JS = {
    "Insert a block": "插入块",
    "Autosave in progress…": "正在自动保存…",
    "Changes have been autosaved.": "更改已自动保存。",
}
SLUG_HELP = "The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/"

OUTSIDE_HOSTS = ("gravatar.com", "guide.wagtail.org", "enable-javascript.com")
URL_ATTRIBUTE = re.compile(r"""\b(?:src|href|action|srcset)\s*=\s*["']?\s*((?:https?:)?//[^/"'\s>]+)""", re.IGNORECASE)
# ASCII words that may show in the admin: key names, file formats, the site's name, the
# slug example, the admin language option that names itself, and the signed-in user's name.
ALLOWED_WORDS = {"Alt", "Ctrl", "Esc", "Shift", "CSV", "XLSX", "RTPT", "JavaScript", "library", "gougu", "dingli"}
ALLOWED_WORDS |= {"English"}


class VisibleText(HTMLParser):
    """Text a user sees or hears: text nodes outside script/style and the attributes a browser
    shows (title, placeholder, alt, a button's value) or reads aloud (aria-label), and Wagtail's
    tooltips."""

    SHOWN_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label", "data-w-tooltip-content-value"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, hidden: bool):
        super().__init__()
        self.parts, self._skip, self._hidden, self._with_hidden = [], 0, 0, hidden

    def _skipped(self, tag):
        return tag in ("script", "style") or (tag == "template" and not self._with_hidden)

    def handle_starttag(self, tag, attrs):
        if self._skipped(tag):
            self._skip += 1
        attrs = dict(attrs)
        if tag not in self.VOID and not self._with_hidden and (self._hidden or "hidden" in attrs):
            self._hidden += 1  # an element with the hidden attribute, and what it holds
        if not self._hidden:
            self.parts += [value for name, value in attrs.items() if name in self.SHOWN_ATTRIBUTES and value]
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self._skipped(tag):
            self._skip -= 1
        if self._hidden and tag not in self.VOID:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._skip and not self._hidden and data.strip():
            self.parts.append(data.strip())

    @classmethod
    def of(cls, html: str, hidden: bool = False) -> str:
        """``hidden``: also what shows once opened (dialogs, <template>s, hidden counters)."""
        parser = cls(hidden)
        parser.feed(html)
        return "\n".join(parser.parts)


@pytest.fixture
def admin_site(db, library):
    superuser = UserFactory(username="chaoji", is_superuser=True, is_staff=True)
    superuser.save()  # the factory sets the password after creating; force_login needs it saved
    editor = UserFactory(username="bianji", role="editor", role__region=region("湖南省"))
    page = GeneratedResourcePageFactory(parent=library, title="《勾股定理》教学设计", kind=ResourceKind.UNIT_CASE)
    page.save_revision(user=editor)
    return superuser, editor, page


def admin_urls(page, library, superuser: bool) -> list[str]:
    urls = [
        "/admin/",
        f"/admin/pages/{library.pk}/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/add/resources/generatedresourcepage/{library.pk}/",
        "/admin/pages/search/?q=勾股",
        "/admin/documents/",
        "/admin/images/",
        "/admin/media/",
        "/admin/reports/workflow/",
        "/admin/account/",
    ]
    return urls + (["/admin/pages/", "/admin/workflows/list/"] if superuser else [])


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_admin_pages_are_chinese_and_stay_on_the_site(client, library, admin_site, who):
    superuser, editor, page = admin_site
    user = superuser if who == "superuser" else editor
    client.force_login(user)
    seen = {}
    for url in admin_urls(page, library, who == "superuser"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
        seen[url] = response.content.decode()

    for url, html in seen.items():
        text = VisibleText.of(html)
        english = set(re.findall(r"[A-Za-z][A-Za-z_]{2,}", text)) - ALLOWED_WORDS - {user.username}
        assert not english, f"{url} shows English: {sorted(english)}"
        text_and_dialogs = VisibleText.of(html, hidden=True)
        for english_text in list(LISTED) + ["Moderators approval", "domain.com", "Wagtail"]:
            assert english_text not in text_and_dialogs, (url, english_text)
        for host in OUTSIDE_HOSTS:
            assert host not in html, (url, host)
        outside = {host for host in URL_ATTRIBUTE.findall(html) if host.split("//", 1)[1] != "testserver"}
        assert not outside, f"{url} links or loads from {sorted(outside)}"

    dashboard = VisibleText.of(seen["/admin/"])
    assert "搜索全部页面…" in seen["/admin/"]
    assert re.search(r"\d+ 个页面", dashboard) and "个媒体文件" in dashboard  # "N Pages", "N media items"
    shortcuts = VisibleText.of(seen["/admin/"], hidden=True)  # the keyboard-shortcut dialog
    assert "显示键盘快捷键" in shortcuts and "保存更改" in shortcuts and "文本格式" in shortcuts
    explorer = VisibleText.of(seen[f"/admin/pages/{library.pk}/"], hidden=True)  # filters drawer
    assert "页面类型" in explorer and "编辑者" in explorer
    assert re.search(r"共 \d+ 个页面，第 1–\d+ 个", explorer)  # Wagtail: "1-7 of 7 pages"
    edit = seen[f"/admin/pages/{page.pk}/edit/"]
    for chinese in ("内容指标", "切换检查", "自动保存已<span>暂停</span>", "此页面在网址中使用的名称"):
        assert chinese in edit, chinese
    if who == "superuser":
        workflows = VisibleText.of(seen["/admin/workflows/list/"])
        assert "站点审核员审批" in workflows and "校内审核流程" in workflows


def test_userbar_on_a_published_work_is_chinese_and_stays_on_the_site(client, admin_site):
    _, editor, page = admin_site
    client.force_login(editor)
    html = client.get(page.url).content.decode()
    assert "w-userbar" in html
    text = VisibleText.of(html, hidden=True)  # the userbar's menu and its checks panel
    assert "查看快捷操作" in text
    for english in ("Wagtail", "Checks", "Show issue", "quick actions"):
        assert english not in text, english
    outside = {host for host in URL_ATTRIBUTE.findall(html) if host.split("//", 1)[1] != "testserver"}
    assert not outside and not any(host in html for host in OUTSIDE_HOSTS), outside


@pytest.mark.parametrize(("english", "chinese"), LISTED.items(), ids=list(LISTED))
def test_listed_strings_are_translated(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


def test_counts_and_pagination_are_translated():
    with translation.override("zh-hans"):
        pages = translation.ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            7,
        )
        assert pages % {"total": 7, "site_name": "RTPT"} == '7 个页面<span class="w-sr-only">创建于RTPT</span>'
        media = translation.ngettext(
            '<span>%(total)s</span> Media file <span class="visuallyhidden w-sr-only">created in %(site_name)s</span>',
            '<span>%(total)s</span> Media files <span class="visuallyhidden w-sr-only">created in %(site_name)s</span>',
            7,
        )
        assert "个媒体文件" in media
        pagination = translation.gettext("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s")
        assert pagination % {"start_index": 1, "end_index": 7, "items_count": 7, "model_name": "页面"} == (
            "共 7 个页面，第 1–7 个"
        )
        assert (
            translation.gettext(SLUG_HELP)
            == "此页面在网址中使用的名称，例如作品网址 /library/gougu-dingli/ 中的 gougu-dingli"
        )


def test_admin_javascript_catalogue_carries_the_project_translations(client, admin_site):
    client.force_login(admin_site[1])
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for english, chinese in LISTED_JS.items():
        assert f"{json.dumps(english)}: {json.dumps(chinese)}" in catalogue, english


def test_default_workflow_is_named_in_chinese(db):
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.filter(name="站点审核员审批").exists()


def test_search_facet_tooltips_show_no_import_codes(client, library, settings, django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        GeneratedResourcePageFactory(
            parent=library, title="初中数学《勾股定理》单元整体教学案例", kind=ResourceKind.UNIT_CASE
        )
    html = client.get("/search/", {"q": "勾股定理"}).content.decode()
    assert "单元整体教学案例" in html
    assert "unit_case" not in VisibleText.of(html)
    assert 'title="unit_case"' not in html


def _translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or entry.fuzzy:
        return False
    return all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)


def untranslated_upstream() -> dict[str, set[tuple[str | None, str]]]:
    """Per domain: (context, msgid) that Wagtail's or wagtailmedia's English catalogue has and
    their zh_Hans catalogue leaves empty or fuzzy."""
    gaps: dict[str, set[tuple[str | None, str]]] = {}
    english = sorted(SITE_PACKAGES.glob("wagtail/**/locale/en/LC_MESSAGES/*.po"))
    english += sorted(SITE_PACKAGES.glob("wagtailmedia/locale/en/LC_MESSAGES/*.po"))
    assert english, SITE_PACKAGES
    for en in english:
        zh = en.parents[2] / "zh_Hans" / "LC_MESSAGES" / en.name
        done = {(e.msgctxt, e.msgid) for e in polib.pofile(str(zh)) if _translated(e)} if zh.exists() else set()
        gaps.setdefault(en.stem, set()).update(
            (e.msgctxt, e.msgid) for e in polib.pofile(str(en)) if not e.obsolete and (e.msgctxt, e.msgid) not in done
        )
    return gaps


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_msgid_wagtail_leaves_untranslated_is_translated_by_the_project(domain):
    gaps = untranslated_upstream()[domain]
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PROJECT_PO / f"{domain}.po")) if _translated(e)}
    missing = sorted(gaps - ours, key=lambda key: key[1])
    assert not missing, (
        f"Translate these {len(missing)} msgids in locale/zh_Hans/LC_MESSAGES/{domain}.po, then compile the .mo:\n"
        + "\n".join(f"{context + ' | ' if context else ''}{msgid!r}" for context, msgid in missing)
    )


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w+\}")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_project_catalogue_keeps_placeholders_and_is_compiled(domain):
    po = polib.pofile(str(PROJECT_PO / f"{domain}.po"))
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")
    for entry in po:
        if entry.msgid_plural:
            assert set(entry.msgstr_plural) == {0}, entry.msgid
            translated, source = entry.msgstr_plural[0], entry.msgid_plural
        else:
            translated, source = entry.msgstr, entry.msgid
        assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), entry.msgid
        assert not re.search(r"https?://", translated), entry.msgid
    mo = polib.mofile(str(PROJECT_PO / f"{domain}.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    written = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po if _translated(e)}
    assert compiled == written, f"recompile locale/zh_Hans/LC_MESSAGES/{domain}.mo from its .po"
