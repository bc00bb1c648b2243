"""Section page: content and widgets from data/pages/blind-spot.yaml."""

from explorer.sections import render_page

render_page("blind-spot")
