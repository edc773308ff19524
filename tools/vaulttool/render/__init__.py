"""Renderers: one module per command, one function per format. Renderers never compute."""
