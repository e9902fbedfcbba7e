"""The pipeline's only contact with files: read the input folder, write and load tables, find shipped data."""
