"""Section page: content and widgets from data/pages/diagnosis.yaml."""

from explorer.sections import render_page

render_page("diagnosis")
