"""Section page: content and widgets from data/pages/mimics.yaml."""

from explorer.ui.sections import section_page

section_page("mimics")
