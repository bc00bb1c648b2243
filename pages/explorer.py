"""The convergence explorer (and the tour player): see explorer/ui/explore.py."""

from explorer.ui.explore import explorer_page

explorer_page()
