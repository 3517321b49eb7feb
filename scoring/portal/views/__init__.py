"""The portal's views, one module per audience; each view parses, calls one function, renders."""
