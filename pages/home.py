"""Section page: content and widgets from data/pages/home.yaml."""

from explorer.sections import render_page

render_page("home")
