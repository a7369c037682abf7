"""Citizens' assemblies by lot: invitations, registration, selection."""
