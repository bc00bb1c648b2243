"""Section page: content and widgets from data/pages/coexisting.yaml."""

from explorer.ui.sections import section_page

section_page("coexisting")
