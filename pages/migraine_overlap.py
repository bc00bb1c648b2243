"""Section page: content and widgets from data/pages/migraine-overlap.yaml."""

from explorer import ui
from explorer.sections import render_page

ui.page_setup("migraine-overlap")
render_page("migraine-overlap")
