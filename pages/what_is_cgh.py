"""Section page: content and widgets from data/pages/what-is-cgh.yaml."""

from explorer import ui
from explorer.sections import render_page

ui.page_setup("what-is-cgh")
render_page("what-is-cgh")
