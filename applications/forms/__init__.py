"""Forms of the applications pages: the seeker's (apply) and the employer's (pipeline
moves, notes, invitations)."""
