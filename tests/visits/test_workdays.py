"""The working calendar: mainland China's holidays and 调休 make-up workdays move due dates and
plans, and reps are reminded before the care holidays with the contacts they look after."""

import datetime

import pytest

from accounts.models import Account, Lifecycle
from tests.factories import AccountFactory, ContactFactory, UserFactory, VisitFactory
from users.models import Notification, Role
from visits.models import Cadence, PlanItem
from visits.reminders import reminders_send
from visits.selectors import Period, with_cadence
from visits.services import plan_suggest
from visits.workdays import ChineseCalendar, WeekendCalendar, care_holidays, working_calendar

# 2026 Spring Festival: days off 15–23 February; Saturdays 14 and 28 February are make-up workdays.
SPRING_FESTIVAL = datetime.date(2026, 2, 15)
MAKE_UP_SATURDAY = datetime.date(2026, 2, 14)
BACK_AT_WORK = datetime.date(2026, 2, 24)

chinese = pytest.mark.usefixtures("chinese_calendar")


@pytest.fixture
def chinese_calendar(settings):
    settings.WORKING_CALENDAR = "chinese"


@pytest.fixture
def monthly(db):
    Cadence.objects.filter(tier="", level="", prospect_decision="").update(interval_days=30)


class EveryDay(WeekendCalendar):
    def is_working_day(self, day):
        return True


def test_the_chinese_calendar_knows_holidays_and_make_up_saturdays():
    calendar = ChineseCalendar()
    assert calendar.is_working_day(MAKE_UP_SATURDAY)
    assert not calendar.is_working_day(datetime.date(2026, 2, 16))  # a Monday off
    assert not calendar.is_working_day(datetime.date(2026, 2, 21))  # a Saturday off
    assert not calendar.is_working_day(datetime.date(2026, 3, 7))  # an ordinary Saturday
    assert calendar.next_working_day(datetime.date(2026, 2, 16)) == BACK_AT_WORK
    assert calendar.next_working_day(BACK_AT_WORK) == BACK_AT_WORK
    assert calendar.next_working_day(datetime.date(2026, 2, 27)) == datetime.date(2026, 2, 27)
    assert calendar.is_working_day(datetime.date(2026, 2, 28))  # the other make-up Saturday


def test_the_default_calendar_is_weekends_only_and_a_dotted_path_plugs_in_another(settings):
    assert isinstance(working_calendar(), WeekendCalendar)
    assert not isinstance(working_calendar(), ChineseCalendar)
    assert not working_calendar().is_working_day(datetime.date(2026, 2, 14))
    assert working_calendar().is_working_day(datetime.date(2026, 2, 16))
    settings.WORKING_CALENDAR = "tests.visits.test_workdays.EveryDay"
    assert working_calendar().is_working_day(datetime.date(2026, 2, 14))


@chinese
def test_years_the_package_does_not_know_fall_back_to_weekends():
    calendar = working_calendar()
    assert calendar.is_working_day(datetime.date(2099, 1, 5))
    assert not calendar.is_working_day(datetime.date(2099, 1, 3))
    assert calendar.holidays(datetime.date(2099, 1, 1), datetime.date(2099, 1, 10)) == []


def _next_due(account, today):
    return with_cadence(Account.objects.filter(pk=account.pk), today=today).get().next_due


@pytest.mark.usefixtures("monthly")
def test_a_due_date_on_a_holiday_moves_to_the_next_working_day(settings, rep):
    account = AccountFactory(owner=rep)
    VisitFactory(account=account, visited_on=datetime.date(2026, 1, 17))  # + 30 days: Monday 16 February
    today = datetime.date(2026, 2, 1)
    assert _next_due(account, today) == datetime.date(2026, 2, 16)
    settings.WORKING_CALENDAR = "chinese"
    assert _next_due(account, today) == BACK_AT_WORK
    # a due date on an ordinary working day stays where the cadence puts it
    ordinary = AccountFactory(owner=rep)
    VisitFactory(account=ordinary, visited_on=datetime.date(2026, 1, 10))
    assert _next_due(ordinary, today) == datetime.date(2026, 2, 9)


@chinese
@pytest.mark.usefixtures("monthly")
def test_a_due_date_on_a_make_up_saturday_stays(rep):
    account = AccountFactory(owner=rep)
    VisitFactory(account=account, visited_on=MAKE_UP_SATURDAY - datetime.timedelta(days=30))
    assert _next_due(account, datetime.date(2026, 2, 1)) == MAKE_UP_SATURDAY


@chinese
@pytest.mark.usefixtures("monthly")
def test_the_suggested_plan_skips_the_holiday_and_works_the_make_up_saturday(rep):
    for name in ("First", "Second", "Third"):
        account = AccountFactory(owner=rep, name=name)
        VisitFactory(account=account, visited_on=datetime.date(2025, 12, 1))  # overdue
    due_in_holiday = AccountFactory(owner=rep, name="Due in the holiday")
    VisitFactory(account=due_in_holiday, visited_on=datetime.date(2026, 1, 18))  # due 17 February
    friday = datetime.date(2026, 2, 13)
    plan_suggest(rep=rep, period=Period.containing(friday, "month"), today=friday)
    planned = dict(PlanItem.objects.values_list("account__name", "planned_on"))
    # the overdue ones spread over the working days of the coming week, which are only Friday
    # and the make-up Saturday; the one due in the holiday comes on the first day back
    assert planned == {
        "First": friday,
        "Second": MAKE_UP_SATURDAY,
        "Third": friday,
        "Due in the holiday": BACK_AT_WORK,
    }


@chinese
def test_care_holidays_are_the_first_days_of_the_configured_holidays():
    found = care_holidays(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    assert [(holiday.date, holiday.key) for holiday in found] == [
        (datetime.date(2026, 1, 1), "new_years_day"),
        (SPRING_FESTIVAL, "spring_festival"),
        (datetime.date(2026, 6, 19), "dragon_boat_festival"),
        (datetime.date(2026, 9, 25), "mid_autumn_festival"),
        (datetime.date(2026, 10, 1), "national_day"),
    ]
    # a run already begun does not begin again inside the window
    assert care_holidays(start=datetime.date(2026, 2, 16), end=datetime.date(2026, 2, 28)) == []


@chinese
def test_each_rep_is_reminded_once_before_the_spring_festival_with_their_contacts(rep, teammate):
    zh_rep = UserFactory(username="zh-rep", role=Role.REP, team=rep.team, language="zh-hans")
    mine = AccountFactory(owner=rep, name="Northwind")
    ContactFactory(account=mine, name="Li Lei", relationship_owner=rep)
    ContactFactory(account=mine, name="Han Meimei", relationship_owner=rep)
    ContactFactory(account=AccountFactory(owner=rep, lifecycle=Lifecycle.LOST), relationship_owner=rep)
    theirs = AccountFactory(owner=zh_rep, name="南方机械")
    ContactFactory(account=theirs, name="王芳", relationship_owner=zh_rep)
    # a contact on an account the rep may not see is not listed to them
    ContactFactory(account=AccountFactory(owner=zh_rep, name="Hidden Co"), name="Secret", relationship_owner=teammate)

    assert reminders_send(today=SPRING_FESTIVAL - datetime.timedelta(days=8)).sent["holiday"] == 0
    first = reminders_send(today=SPRING_FESTIVAL - datetime.timedelta(days=6))
    again = reminders_send(today=SPRING_FESTIVAL - datetime.timedelta(days=5))

    assert first.sent["holiday"] == 2  # the teammate owns no account and sees no contact of theirs
    assert again.sent["holiday"] == 0
    key = "visits:holiday:2026-02-15"
    assert set(Notification.objects.values_list("key", flat=True)) == {key}
    english = Notification.objects.get(recipient=rep)
    assert english.subject == "Spring Festival on 2026-02-15: plan your care visits"
    assert english.body == (
        "Spring Festival is on 2026-02-15. Greet the contacts you look after: "
        "Han Meimei (Northwind), Li Lei (Northwind)"
    )
    chinese_body = Notification.objects.get(recipient=zh_rep).body
    assert chinese_body.startswith("春节 在 2026-02-15。请问候您负责维护关系的联系人：")
    assert chinese_body.endswith("王芳 (南方机械)")
    assert not Notification.objects.filter(recipient=teammate).exists()


def test_a_long_contact_list_is_cut_with_a_count_in_the_readers_language():
    from django.utils import translation

    from visits.reminders import ContactList

    names = ContactList([f"Contact {n}" for n in range(32)])
    assert str(names).endswith("Contact 29 and 2 more")
    with translation.override("zh-hans"):
        assert str(names).endswith("Contact 29 等另外 2 位")
