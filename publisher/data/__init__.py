"""Reading the office's data: YAML files → validated models → one data set."""
