"""Section page: content and widgets from data/pages/migraine-overlap.yaml."""

from explorer.sections import render_page

render_page("migraine-overlap")
