"""Thai administrative geography: DOPA codes, official names and the simplified boundary cache."""
