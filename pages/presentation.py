"""Section page: content and widgets from data/pages/presentation.yaml."""

from explorer import ui
from explorer.sections import render_page

ui.page_setup("presentation")
render_page("presentation")
