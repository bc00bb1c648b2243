"""Section page: content and widgets from data/pages/presentation.yaml."""

from explorer.ui.sections import section_page

section_page("presentation")
