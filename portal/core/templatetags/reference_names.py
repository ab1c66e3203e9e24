"""Reference data in the reader's language: ``{% load reference_names %}`` then, for example,
``{{ country.region|region_name }}``, ``{{ theme|theme_name }}`` or ``{{ objective|objective_label }}``.

The stored English values stay what links and filters use; these filters only change what is shown.
See portal/core/reference_names.py.
"""

from django import template

from portal.core import reference_names

register = template.Library()

register.filter("region_name", reference_names.region_name)
register.filter("theme_name", reference_names.theme_name)
register.filter("theme_path", reference_names.theme_path)
register.filter("objective_label", reference_names.objective_label)
register.filter("objective_title", reference_names.objective_title)
register.filter("objective_name", reference_names.objective_name)
register.filter("sdg_target_title", reference_names.sdg_target_title)
register.filter("sdg_target_name", reference_names.sdg_target_name)
