from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from users.events import EVENT_NAMES
from users.models import Team

from .models import ChatChannel, WebhookSubscription
from .platforms import HOSTS
from .validators import validate_outbound_url

ME = "me"


class ChatChannelForm(forms.ModelForm):
    """A channel's settings; on creation, whose notifications it receives: the person's own,
    or those of a team they may set channels for (``teams``)."""

    class Meta:
        model = ChatChannel
        fields = ["name", "kind", "url", "secret", "is_active"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            choices = [(ME, _("My own notifications"))] + [
                (str(team.pk), _("Team %(team)s") % {"team": team.name}) for team in teams
            ]
            self.fields["owner"] = forms.ChoiceField(label=_("Receives"), choices=choices, initial=ME)
            self.teams = {str(team.pk): team for team in teams}

    def clean(self):
        data = super().clean()
        url, kind = data.get("url"), data.get("kind")
        if url and kind:
            try:
                validate_outbound_url(url, hosts=HOSTS[kind])
            except forms.ValidationError as error:
                self.add_error("url", error)
        return data

    def owner_team(self) -> Team | None:
        """The team chosen to receive this channel's messages, or None for the person."""
        owner = self.cleaned_data.get("owner", ME)
        return None if owner == ME else self.teams[owner]


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=list(EVENT_NAMES.items()), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        validate_outbound_url(url)
        return url
