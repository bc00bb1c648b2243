"""Entry point: the navigation, built from the one page list in data/navigation.yaml.

Each page sets up the shared frame itself (explorer.ui.frame.page_setup): until st.navigation has
run once, a fresh server routes by the files in pages/ and runs a deep-linked page on its own.
Each url_path is the script's own name, so such a first request finds its page.
"""

import streamlit as st

from explorer.model import Audience
from explorer.ui import state
from explorer.ui.frame import app

A = app()
state.sync_common()
plain = state.audience() is Audience.PATIENT
assert A.kb.navigation is not None
pages = {
    group.title.at(plain=plain): [
        st.Page(entry.script, title=A.kb.page_title(entry.id, plain=plain), icon=f":material/{entry.icon}:",
                url_path=entry.url_path, default=entry.id == "home")
        for entry in group.pages
    ]
    for group in A.kb.navigation.groups
}
# The menu itself is drawn by every page (explorer.ui.frame), from the same page list.
current = st.navigation(pages, position="hidden")
current.run()
