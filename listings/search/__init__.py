"""Job search: the FilterSet every search page reads (filters), the keywords and their
typo tolerance (text), and saved searches' query strings (saved_query)."""
