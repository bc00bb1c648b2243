"""My progress: what is due, mastery by topic over time, joining a class, and "forget me"."""

import streamlit as st

from explorer.ui import progress
from explorer.ui.frame import page_setup, page_title, say

page_setup("progress")
st.title(page_title("progress"), anchor=False)
st.caption(say("progress.intro"))
progress.forgotten_note()
progress.progress_page()
