"""Section page: content and widgets from data/pages/treatment.yaml."""

from explorer.sections import render_page

render_page("treatment")
