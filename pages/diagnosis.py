"""Section page: content and widgets from data/pages/diagnosis.yaml."""

from explorer import ui
from explorer.sections import render_page

ui.page_setup("diagnosis")
render_page("diagnosis")
