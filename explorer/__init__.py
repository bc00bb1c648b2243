"""Neck Behind the Pain: an explorer of trigeminocervical convergence (content in data/, app in ui/)."""
