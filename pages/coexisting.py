"""Section page: content and widgets from data/pages/coexisting.yaml."""

from explorer import ui
from explorer.sections import render_page

ui.page_setup("coexisting")
render_page("coexisting")
