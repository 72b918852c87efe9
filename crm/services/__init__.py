"""Business operations shared by the web pages, the API, the CLI and the importer."""
