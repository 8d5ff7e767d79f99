"""Pure poverty maths: capitals, Alkire-Foster MPI, causes, interventions, hotspots, privacy."""
