"""Stage 4: the rules on validated entries: aggregation, quota, funding, Soll/Ist, milestones."""
