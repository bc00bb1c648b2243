"""Section page: content and widgets from data/pages/blind-spot.yaml."""

from explorer import ui
from explorer.sections import render_page

ui.page_setup("blind-spot")
render_page("blind-spot")
