"""Section page: content and widgets from data/pages/blind-spot.yaml."""

from explorer.ui.sections import section_page

section_page("blind-spot")
