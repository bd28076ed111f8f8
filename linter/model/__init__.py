"""The project model: the links between files a reader of the repository makes in their head."""
