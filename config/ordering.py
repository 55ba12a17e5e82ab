"""API ordering that refuses unknown fields instead of ignoring them.

DRF's ``OrderingFilter`` drops any ``ordering`` term it does not know, so a typo such as
``?ordering=publshed`` quietly answers in the default order. Here it is a 400 naming
``ordering`` and listing the fields that can be used.
"""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param, "")
        terms = [term.strip() for term in params.split(",") if term.strip()]
        if terms:
            valid = {
                name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
            }
            unknown = [term for term in terms if term.lstrip("-") not in valid]
            if unknown:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            f"Unknown field {', '.join(map(repr, unknown))}; order by one of "
                            f"{', '.join(sorted(valid))} (prefix - for descending)."
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)
