"""Click commands beyond `status` and `tags`, one module per command family; `cli.py` registers them."""
