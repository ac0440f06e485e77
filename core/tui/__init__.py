"""The Textual app. The only package (besides the CLI) that imports textual."""
