"""The commands, one module each; `common` holds what they share. `vaulttool.cli` registers them."""
