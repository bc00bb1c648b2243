"""Section page: content and widgets from data/pages/migraine-overlap.yaml."""

from explorer.ui.sections import section_page

section_page("migraine-overlap")
