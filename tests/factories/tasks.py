"""Factories for tasks."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tasks.models import Task

from .core import AccountFactory


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    account = factory.SubFactory(AccountFactory)
    title = factory.Faker("sentence", nb_words=4)
    due_on = factory.LazyFunction(timezone.localdate)
    owner = factory.LazyAttribute(lambda task: task.account.owner)
    created_by = factory.LazyAttribute(lambda task: task.owner)
