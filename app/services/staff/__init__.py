"""Council staff: who is signed in, with which roles (identity), and how they sign in (oidc)."""
