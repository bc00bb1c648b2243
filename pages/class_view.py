"""A class view for lecturers: a class code to share, the class's most-missed items and due reviews, downloads."""

import streamlit as st

from explorer.ui import progress
from explorer.ui.frame import page_setup, page_title, say

page_setup("class-view")
st.title(page_title("class-view"), anchor=False)
st.caption(say("class.intro"))
progress.class_page()
