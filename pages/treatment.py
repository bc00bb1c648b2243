"""Section page: content and widgets from data/pages/treatment.yaml."""

from explorer.ui.sections import section_page

section_page("treatment")
