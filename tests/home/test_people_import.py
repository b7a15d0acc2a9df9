"""导入教师账号: an editor imports teachers from a CSV or XLSX list — dry run, line-level errors,
idempotent re-import, passwords kept on update — in the admin screen and with the command."""

import io
from types import SimpleNamespace

import pytest
from openpyxl import Workbook

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from home.models import TeacherProfile
from home.people_import import ImportFileError, read_sheet, teachers_import
from tests.factories import SchoolFactory, UserFactory, region

User = get_user_model()
SCREEN = "/admin/people/import/"
HEADER = "姓名,用户名,学校,任教学科,学段,邮箱\n"


@pytest.fixture
def county(db):
    yuelu = region("湖南省/长沙市/岳麓区")
    heping = region("天津市/和平区")
    return SimpleNamespace(
        yuelu=yuelu,
        school=SchoolFactory(name="岳麓实验中学", region=yuelu),
        other_school=SchoolFactory(name="岳麓第二小学", region=yuelu),
        far_school=SchoolFactory(name="和平区第一中学", region=heping),
        editor=UserFactory(username="editor_changsha", role="editor", role__region=yuelu.parent),
    )


def csv_file(body: str, *, encoding="utf-8-sig", name="teachers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode(encoding), content_type="text/csv")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(data: bytes | str, actor, *, dry_run=False, filename="t.csv", **kwargs):
    if isinstance(data, str):
        data = (HEADER + data).encode("utf-8")
    return teachers_import(rows=read_sheet(data=data, filename=filename), actor=actor, dry_run=dry_run, **kwargs)


GOOD = "王晓燕,wangxy,岳麓实验中学,数学、物理,初中,wangxy@example.cn\n李明,20230017,岳麓实验中学,语文,初中,\n"


def test_a_csv_creates_teachers_who_must_change_their_initial_password(county):
    report = run(GOOD, county.editor)
    assert [(r.line, r.message) for r in report.lines] == [(2, "新建"), (3, "新建")]
    wang = User.objects.get(username="wangxy")
    assert wang.profile.display_name == "王晓燕" and wang.profile.school == county.school
    assert {s.name for s in wang.profile.subjects.all()} == {"数学", "物理"}
    assert wang.profile.stage.name == "初中" and wang.email == "wangxy@example.cn"
    assert wang.profile.role == "teacher" and wang.groups.filter(name="教师").exists()
    assert wang.profile.must_change_password is True
    # The random initial password is shown once, in the real run's report, and it works.
    shown = {r.username: r.password for r in report.new_accounts}
    assert set(shown) == {"wangxy", "20230017"} and wang.check_password(shown["wangxy"])


def test_an_xlsx_with_a_numeric_staff_number_and_header_synonyms_imports(county):
    data = xlsx_bytes(
        [
            ["教师姓名", "工号", "学校名称", "学科", "学段", "电子邮箱", "备注"],
            ["赵敏", 20230001, "岳麓实验中学", "英语，数学", "初中", None, "新入职"],
            [None, None, None, None, None, None, None],
            ["钱伟", "qianwei", "岳麓第二小学", "科学", "小学", "qw@example.cn", ""],
        ]
    )
    report = run(data, county.editor, filename="名单.xlsx")
    assert [(r.line, r.username, r.message) for r in report.lines] == [
        (2, "20230001", "新建"),
        (4, "qianwei", "新建"),
    ]
    assert User.objects.get(username="20230001").profile.display_name == "赵敏"


def test_a_gbk_csv_from_chinese_excel_is_read(county):
    data = (HEADER + "孙丽,sunli,岳麓实验中学,数学,初中,\n").encode("gbk")
    report = run(data, county.editor)
    assert report.lines[0].message == "新建" and User.objects.get(username="sunli").profile.display_name == "孙丽"


def test_a_dry_run_reports_the_same_and_writes_nothing(county):
    report = run(GOOD, county.editor, dry_run=True)
    assert [r.message for r in report.lines] == ["新建", "新建"]
    assert report.new_accounts == []  # no password before anything exists
    assert not User.objects.filter(username__in=["wangxy", "20230017"]).exists()


def test_each_bad_line_says_why_and_good_lines_still_land(county):
    UserFactory(username="trainer_li", role="county_trainer", role__region=county.yuelu)
    body = (
        "甲,jia,不存在的学校,数学,初中,\n"
        "乙,yi,和平区第一中学,数学,初中,\n"
        "丙,bing,岳麓实验中学,数学、魔法,初中,\n"
        "丁,ding,岳麓实验中学,数学,初中,not-an-email\n"
        "戊,wu,岳麓实验中学,数学,初中,\n"
        "己,wu,岳麓实验中学,数学,初中,\n"
        "庚,trainer_li,岳麓实验中学,数学,初中,\n"
        ",bad name!,岳麓实验中学,数学,大学,\n"
    )
    report = run(body, county.editor)
    messages = {r.line: r.message for r in report.lines}
    assert "学校“不存在的学校”不存在" in messages[2]
    assert "学校“和平区第一中学”不在您负责的区域内" in messages[3]
    assert "学科“魔法”不存在" in messages[4]
    assert "邮箱“not-an-email”格式不正确" in messages[5]
    assert messages[6] == "新建"
    assert "用户名“wu”与第 6 行重复" in messages[7]
    assert "该账号是县级培训者，不能作为教师导入" in messages[8]
    assert (
        "缺少姓名" in messages[9] and "用户名“bad name!”只能包含" in messages[9] and "学段“大学”不存在" in messages[9]
    )
    assert report.counts == {"新建": 1, "更新": 0, "无变化": 0, "错误": 7}
    assert set(
        User.objects.filter(username__in=["jia", "yi", "bing", "ding", "wu"]).values_list("username", flat=True)
    ) == {"wu"}
    assert User.objects.get(username="wu").profile.display_name == "戊"
    assert User.objects.get(username="trainer_li").profile.role == "county_trainer"  # role never changes


def test_an_e_mail_of_another_account_or_repeated_in_the_file_is_refused(county):
    UserFactory(username="someone", email="Taken@Example.cn", role="teacher", role__school=county.school)
    body = "甲,jia,岳麓实验中学,,,taken@example.cn\n乙,yi,岳麓实验中学,,,same@example.cn\n丙,bing,岳麓实验中学,,,Same@example.cn\n"
    messages = [r.message for r in run(body, county.editor).lines]
    assert messages == ["邮箱“taken@example.cn”已被其他账号使用", "新建", "邮箱“Same@example.cn”与第 3 行重复"]


def test_a_superuser_imports_anywhere(county):
    admin = UserFactory(username="root", is_superuser=True)
    report = run("乙,yi,和平区第一中学,数学,初中,\n", admin)
    assert report.lines[0].message == "新建"


def test_reimporting_the_same_file_changes_nothing(county):
    run(GOOD, county.editor)
    before = list(User.objects.order_by("pk").values_list("pk", "password", "email", "first_name"))
    profiles = list(TeacherProfile.objects.order_by("pk").values())
    report = run(GOOD, county.editor)
    assert [r.message for r in report.lines] == ["无变化", "无变化"] and report.new_accounts == []
    assert list(User.objects.order_by("pk").values_list("pk", "password", "email", "first_name")) == before
    assert list(TeacherProfile.objects.order_by("pk").values()) == profiles


def test_an_existing_teacher_is_updated_and_keeps_their_password(county):
    teacher = UserFactory(username="wangxy", password="her-own-2026", role="teacher", role__school=county.other_school)
    report = run(GOOD, county.editor)
    assert report.lines[0].message.startswith("更新") and "学校" in report.lines[0].message
    assert report.lines[0].password == ""
    teacher.refresh_from_db()
    assert teacher.check_password("her-own-2026")
    assert teacher.profile.school == county.school and teacher.email == "wangxy@example.cn"
    assert teacher.profile.must_change_password is False  # she already has her own password


def test_a_teacher_outside_the_editors_region_is_not_taken_over(county):
    far = UserFactory(username="wangxy", role="teacher", role__school=county.far_school)
    report = run(GOOD, county.editor)
    assert "该账号属于您负责区域以外的学校" in report.lines[0].message
    far.refresh_from_db()
    assert far.profile.school == county.far_school and far.email == "wangxy@example.cn"


def test_a_file_wide_initial_password_is_used_and_not_repeated_in_the_report(county):
    report = run(GOOD, county.editor, initial_password="Yuelu#2026")
    assert report.new_accounts == []
    assert User.objects.get(username="wangxy").check_password("Yuelu#2026")


def test_a_file_without_the_required_columns_is_refused_as_a_whole(county):
    with pytest.raises(ImportFileError, match="缺少列：用户名"):
        read_sheet(data="姓名,学校\n王,岳麓实验中学\n".encode(), filename="x.csv")


# --- The admin screen -----------------------------------------------------------------------------


def test_an_editor_checks_then_imports_in_the_admin(client, county):
    client.force_login(county.editor)
    page = client.get(SCREEN)
    assert page.status_code == 200 and "仅检查（试运行）" in page.content.decode()
    assert 'name="dry_run" id="id_dry_run" checked' in page.content.decode()  # dry run by default

    checked = client.post(SCREEN, {"file": csv_file(GOOD), "dry_run": "on"}).content.decode()
    assert "试运行结果（只检查，未写入任何数据）" in checked and "新建 <strong>2</strong>" in checked
    assert not User.objects.filter(username="wangxy").exists()

    done = client.post(SCREEN, {"file": csv_file(GOOD)})
    body = done.content.decode()
    assert "导入结果" in body and "初始密码只显示这一次" in body and "no-store" in done["Cache-Control"]
    wang = User.objects.get(username="wangxy")
    shown = body.split("<td>wangxy</td><td>王晓燕</td><td><code>")[1].split("</code>")[0]
    assert wang.check_password(shown)

    again = client.post(SCREEN, {"file": csv_file(GOOD)}).content.decode()
    assert "无变化 <strong>2</strong>" in again and "初始密码只显示这一次" not in again


def test_the_screen_refuses_a_file_of_the_wrong_kind(client, county):
    client.force_login(county.editor)
    upload = SimpleUploadedFile("名单.pdf", b"%PDF-1.4", content_type="application/pdf")
    body = client.post(SCREEN, {"file": upload, "dry_run": "on"}).content.decode()
    assert "请上传 CSV 或 Excel（.xlsx）文件。" in body


@pytest.mark.parametrize("role", ["teacher", "county_trainer"])
def test_teachers_and_trainers_are_refused_with_a_reason(client, county, role):
    user = UserFactory(role=role, role__school=county.school, role__region=county.yuelu)
    client.force_login(user)
    response = client.post(SCREEN, {"file": csv_file(GOOD)})
    assert response.status_code == 403 and "只有编辑或管理员可以导入教师账号" in response.content.decode()
    assert not User.objects.filter(username="wangxy").exists()
    assert "导入教师账号" not in client.get("/admin/").content.decode()


def test_the_menu_offers_the_screen_to_editors(client, county):
    client.force_login(county.editor)
    assert SCREEN in client.get("/admin/").content.decode()


# --- The command -----------------------------------------------------------------------------------


def test_the_command_prints_the_report(county, tmp_path, capsys):
    path = tmp_path / "teachers.csv"
    path.write_bytes((HEADER + GOOD).encode("utf-8-sig"))
    call_command("import_teachers", str(path), "--dry-run", "--as", "editor_changsha")
    out = capsys.readouterr().out
    assert "试运行：只检查，未写入任何数据。" in out and "第 2 行 wangxy 王晓燕：新建" in out
    assert not User.objects.filter(username="wangxy").exists()

    call_command("import_teachers", str(path), "--password", "Yuelu#2026")
    out = capsys.readouterr().out
    assert "合计：新建 2，更新 0，无变化 0，错误 0" in out
    assert User.objects.get(username="20230017").check_password("Yuelu#2026")


def test_the_command_fails_when_a_line_is_wrong(county, tmp_path, capsys):
    path = tmp_path / "teachers.csv"
    path.write_bytes((HEADER + "乙,yi,和平区第一中学,数学,初中,\n").encode())
    with pytest.raises(CommandError, match="错误 1"):
        call_command("import_teachers", str(path), "--as", "editor_changsha")
    assert "第 2 行 yi 乙：学校“和平区第一中学”不在您负责的区域内" in capsys.readouterr().out
