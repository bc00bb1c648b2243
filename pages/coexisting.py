"""Section page: content and widgets from data/pages/coexisting.yaml."""

from explorer.sections import render_page

render_page("coexisting")
