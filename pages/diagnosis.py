"""Section page: content and widgets from data/pages/diagnosis.yaml."""

from explorer.ui.sections import section_page

section_page("diagnosis")
