"""The Streamlit layer: state, frame, panels, widgets and the pages' own parts. Only this package imports streamlit."""
