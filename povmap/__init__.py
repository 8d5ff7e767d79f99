"""Thai Poverty Map: settings, command line and set-up."""
