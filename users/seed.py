"""Demo users: three sales teams with a manager and reps each, a credit approver, an admin;
the teams' sales regions and their areas.

Login names match the people: rep_li is Li Wei (李伟), rep_wang is Wang Fang (王芳), …; the
names and team names follow the demo's language, and so does everyone's language setting
(their notifications are written in it).
"""

from __future__ import annotations

from decimal import Decimal

from tests.factories import RegionFactory, TeamFactory, UserFactory

from .models import Role

# login -> (English name: given, family; Chinese full name)
PEOPLE = {
    "admin": (("Hong", "Wu"), "吴宏"),
    "credit": (("Lina", "Sun"), "孙丽娜"),
    "manager_north": (("Min", "Zhou"), "周敏"),
    "manager_east": (("Jun", "Xu"), "徐军"),
    "manager_south": (("Hui", "Guo"), "郭慧"),
    "rep_li": (("Wei", "Li"), "李伟"),
    "rep_wang": (("Fang", "Wang"), "王芳"),
    "rep_zhang": (("Lei", "Zhang"), "张磊"),
    "rep_chen": (("Jing", "Chen"), "陈静"),
    "rep_liu": (("Yang", "Liu"), "刘洋"),
    "rep_yang": (("Xue", "Yang"), "杨雪"),
    "rep_huang": (("Qiang", "Huang"), "黄强"),
    "rep_zhao": (("Ming", "Zhao"), "赵明"),
}
TEAMS = [
    (("North China", "华北大区"), "manager_north", ["rep_li", "rep_wang", "rep_zhang"]),
    (("East China", "华东大区"), "manager_east", ["rep_chen", "rep_liu", "rep_yang"]),
    (("South China", "华南大区"), "manager_south", ["rep_huang", "rep_zhao"]),
]
# Each team's sales region (its code, English and Chinese name) and the region's areas: the
# team's manager opens the dashboard and account list on it, its accounts lie in its areas.
REGIONS = [
    ("N", ("North", "华北"), [("N-BJ", ("Beijing", "北京")), ("N-TJ", ("Tianjin", "天津"))]),
    ("E", ("East", "华东"), [("E-SH", ("Shanghai", "上海")), ("E-HZ", ("Hangzhou", "杭州"))]),
    ("S", ("South", "华南"), [("S-GZ", ("Guangzhou", "广州")), ("S-SZ", ("Shenzhen", "深圳"))]),
]


def _name_fields(context, username: str) -> dict:
    (given, family), chinese = PEOPLE[username]
    if context.chinese:  # family name first, no space: the whole name in one field
        return {"first_name": chinese, "last_name": ""}
    # Shown as "Li Wei", the way the people themselves write it in English.
    return {"first_name": family, "last_name": given}


def seed(context) -> None:
    password = context.shared["password"]

    def make(username: str, role: str, **fields):
        user = UserFactory(
            username=username,
            role=role,
            email=f"{username}@demo.example",
            password=password,
            language=context.language,
            **_name_fields(context, username),
            **fields,
        )
        context.logins.append((username, password, Role(role).label))
        return user

    make("admin", Role.ADMIN, is_staff=True, is_superuser=True)
    make("credit", Role.CREDIT_APPROVER)
    reps, areas_by_rep = [], {}
    for (names, manager_name, rep_names), (code, region_names, areas) in zip(TEAMS, REGIONS, strict=True):
        region = RegionFactory(code=code, name=context.pick(*region_names))
        region_areas = [
            RegionFactory(code=area_code, name=context.pick(*area_names), parent=region)
            for area_code, area_names in areas
        ]
        team = TeamFactory(name=context.pick(*names))
        team.manager = make(manager_name, Role.MANAGER, team=team, approval_limit=Decimal("500000"), region=region)
        team.save(update_fields=["manager"])
        team_reps = [make(name, Role.REP, team=team) for name in rep_names]
        areas_by_rep.update({rep.pk: region_areas for rep in team_reps})
        reps += team_reps
    context.shared["reps"] = reps
    context.shared["areas_by_rep"] = areas_by_rep
    context.say(f"  {len(context.logins)} users in {len(TEAMS)} teams")
