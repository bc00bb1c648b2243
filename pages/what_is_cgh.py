"""Section page: content and widgets from data/pages/what-is-cgh.yaml."""

from explorer.ui.sections import section_page

section_page("what-is-cgh")
