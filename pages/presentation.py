"""Section page: content and widgets from data/pages/presentation.yaml."""

from explorer.sections import render_page

render_page("presentation")
