"""The saved-search forms: save the current search, and edit a saved one."""

from django import forms

from listings.models import MAX_SAVED_QUERY_LENGTH, SavedSearch


class SavedSearchCreateForm(forms.Form):
    """Posted from the search page: a name, a frequency and the search itself."""

    name = forms.CharField(max_length=100, strip=True)
    frequency = forms.ChoiceField(choices=SavedSearch.Frequency.choices, initial=SavedSearch.Frequency.DAILY)
    # The current search's query string (the page's normalised `query`).
    query = forms.CharField(required=False, max_length=MAX_SAVED_QUERY_LENGTH * 2, widget=forms.HiddenInput)
    # Saved from a role page: its slug.
    role = forms.SlugField(required=False, max_length=100, widget=forms.HiddenInput)

    error_messages = {
        "query_too_long": "This search has too many filters to save. Remove a few and try again."
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages.update(
            required="Give the search a name, e.g. “Remote Django”.",
            max_length="Keep the name under 100 characters.",
        )
        self.fields["query"].error_messages["max_length"] = self.error_messages["query_too_long"]
        self.fields["frequency"].error_messages["invalid_choice"] = "Choose daily or weekly emails."


class SavedSearchEditForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency", "alerts_enabled"]
        labels = {"alerts_enabled": "Email me new jobs for this search"}
        error_messages = {
            "name": {
                "required": "Give the search a name.",
                "max_length": "Keep the name under 100 characters.",
            },
            "frequency": {"invalid_choice": "Choose daily or weekly emails."},
        }
        widgets = {"frequency": forms.RadioSelect}
