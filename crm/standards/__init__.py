"""The standards layer: service standards provided by pluggy plugins."""
