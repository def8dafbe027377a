"""The listings URLs, one module per audience, each its own namespace: public (`listings:`),
employer (`employer:`) and searches (`searches:`); jobportal/urls.py includes them."""
