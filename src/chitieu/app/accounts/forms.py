"""The forms of the account pages."""

from __future__ import annotations

from django import forms


class PasswordForm(forms.Form):
    """A user's own password change: the current one, the new one twice."""

    old = forms.CharField(label="Mật khẩu hiện tại", widget=forms.PasswordInput(render_value=False))
    new = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput, min_length=8)
    again = forms.CharField(label="Nhập lại mật khẩu mới", widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        """Both new passwords must agree."""
        data: dict[str, object] = super().clean() or {}
        if data.get("new") and data.get("new") != data.get("again"):
            self.add_error("again", "Hai lần nhập mật khẩu mới không giống nhau.")
        return data
