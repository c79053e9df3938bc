from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

handle_validators = [
    RegexValidator(
        r"^[A-Za-z0-9][A-Za-z0-9_-]{2,29}$",
        _("Use 3–30 letters, digits, hyphens or underscores, starting with a letter or digit."),
        code="invalid_handle",
    )
]
