"""Helpers shared by the views of this package: putting a service's ValidationError on the form it
came from."""

from django.core.exceptions import ValidationError


def _add_errors(form: object, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, error)  # type: ignore[attr-defined]
