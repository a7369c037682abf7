"""Selection by lot for citizens' assemblies (issue 14): stage 2, the panel drawn from
those who registered, as a pure engine around the `sortition-algorithms` library."""
