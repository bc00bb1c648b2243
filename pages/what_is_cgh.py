"""Section page: content and widgets from data/pages/what-is-cgh.yaml."""

from explorer.sections import render_page

render_page("what-is-cgh")
