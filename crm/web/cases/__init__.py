"""Cases: the lists agents and leads work through, and one case worked from open to closed."""
