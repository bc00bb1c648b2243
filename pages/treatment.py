"""Section page: content and widgets from data/pages/treatment.yaml."""

from explorer import ui
from explorer.sections import render_page

ui.page_setup("treatment")
render_page("treatment")
